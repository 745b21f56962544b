import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { descriptorSetPath } from '@chrono/contracts';

/** What a strict, non-JavaScript reflection client saw. */
export interface ReflectionView {
  services: string[];
  methods: Record<string, string[]>;
}

/**
 * Asks a server's reflection with Python's grpcio and protobuf (Debian's python3-grpcio), whose
 * descriptor pool rejects files with missing imports as grpcurl does.
 */
export function reflectWithPython(address: string): Promise<ReflectionView> {
  const script = path.resolve(__dirname, '..', 'python', 'reflect.py');
  return new Promise((resolve, reject) => {
    execFile('/usr/bin/python3', [script, address, descriptorSetPath], { timeout: 20_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`reflection check failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as ReflectionView);
    });
  });
}
