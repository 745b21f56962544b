import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { accepts, freePort, waitFor } from '@chrono/testkit';

/** The redis-server settings BullMQ gets: an append-only file synced every second, and never evicting keys (BullMQ's production advice). */
export const REDIS_ARGS = [
  '--appendonly',
  'yes',
  '--appendfsync',
  'everysec',
  '--save',
  '',
  '--maxmemory-policy',
  'noeviction',
];

/** A redis-server of the bench's own, on a free port, writing its append-only file to a temporary directory. */
export class PrivateRedisAof {
  private constructor(
    readonly port: number,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {}

  static async start(): Promise<PrivateRedisAof> {
    const port = await freePort();
    const dir = mkdtempSync(path.join(tmpdir(), 'chrono-bench-redis-'));
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, ...REDIS_ARGS], {
      stdio: 'ignore',
    });
    await waitFor(() => accepts(port), { what: `redis-server on ${port}` });
    return new PrivateRedisAof(port, child, dir);
  }

  /** The server's process id (for its memory). */
  get pid(): number | undefined {
    return this.child.pid;
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) =>
      this.child.exitCode !== null ? resolve(null) : this.child.once('exit', resolve),
    );
    this.child.kill('SIGKILL');
    await exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
