import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '@chrono/testkit';
import { RunningSystem } from '../../../e2e/support/running-system';

/** The `chrono` that `npm ci` links at the root, as a user runs it. */
const CHRONO = path.join(repoRoot, 'node_modules', '.bin', 'chrono');

export interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The whole system (as `npm start` runs it) on free ports, and `chrono` pointed at it with a config file of its own. */
export class ChronoCommand {
  private readonly home = mkdtempSync(path.join(tmpdir(), 'chrono-cli-'));
  readonly configFile = path.join(this.home, 'config', 'chrono.json');

  private constructor(
    readonly system: RunningSystem,
    private readonly addresses: Record<string, string>,
  ) {}

  static async start(): Promise<ChronoCommand> {
    // The system picks its ports as it starts; `chrono` is pointed at them afterwards.
    const system = await RunningSystem.start();
    return new ChronoCommand(system, {
      CHRONO_AUTH_URL: system.grpcAddress('AUTH_GRPC_PORT'),
      CHRONO_JOB_CATALOG_URL: system.grpcAddress('JOB_CATALOG_GRPC_PORT'),
      CHRONO_SCHEDULER_URL: system.grpcAddress('SCHEDULER_GRPC_PORT'),
    });
  }

  private get env(): NodeJS.ProcessEnv {
    return { ...process.env, ...this.addresses, CHRONO_CONFIG: this.configFile, NO_COLOR: '1' };
  }

  /** Runs `chrono ...args` to the end. */
  run(...args: string[]): Promise<Outcome> {
    return new Promise((resolve) => {
      execFile(CHRONO, args, { env: this.env, timeout: 30_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stdout, stderr }),
      );
    });
  }

  /** Runs `chrono ...args -o json`, expecting success; resolves to the parsed output. */
  async json(...args: string[]): Promise<any> {
    const outcome = await this.run(...args, '-o', 'json');
    if (outcome.code !== 0) throw new Error(`chrono ${args.join(' ')} exited ${outcome.code}: ${outcome.stderr}`);
    return JSON.parse(outcome.stdout);
  }

  /** Starts `chrono ...args` and leaves it running (for `jobs watch`). */
  spawn(...args: string[]): ChildProcess {
    return spawn(CHRONO, args, { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
  }

  async stop(): Promise<void> {
    rmSync(this.home, { recursive: true, force: true });
    await this.system.stop();
  }
}
