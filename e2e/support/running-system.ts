import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  freePort,
  loggedMetricsPort,
  PrivateNats,
  repoRoot,
  scratchDatabase,
  waitFor,
  type ScratchDatabase,
} from '@chrono/testkit';

/**
 * The whole system started the way `npm start` starts it (scripts/start.js), on free ports (metrics
 * too: METRICS_PORT 0), with a database and a NATS server of its own; REST at `url`.
 */
export class RunningSystem {
  private output = '';

  private constructor(
    readonly url: string,
    readonly database: ScratchDatabase,
    private readonly nats: PrivateNats,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  static async start(env: Record<string, string> = {}): Promise<RunningSystem> {
    const database = scratchDatabase();
    const nats = await PrivateNats.start();
    const ports = {
      AUTH_GRPC_PORT: await freePort(),
      JOB_CATALOG_GRPC_PORT: await freePort(),
      SCHEDULER_GRPC_PORT: await freePort(),
      EXECUTOR_GRPC_PORT: await freePort(),
      PORT: await freePort(),
    };
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.js')], {
      env: {
        ...process.env,
        ...database.env,
        NATS_URL: nats.url,
        METRICS_PORT: '0',
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const system = new RunningSystem(`http://127.0.0.1:${ports.PORT}`, database, nats, child);
    await waitFor(() => system.output.includes('start: all services serving'), {
      timeoutMs: 60_000,
      what: `the system to serve\n${system.output}`,
    });
    return system;
  }

  /** Where the Prometheus metrics of `process` (a service's name, or `gateway`) are, from the port it logged. */
  async metricsUrl(process: string): Promise<string> {
    const port = await waitFor(() => loggedMetricsPort(this.output, process), {
      what: `${process} to log its metrics port`,
    });
    return `http://127.0.0.1:${port}/metrics`;
  }

  /** A REST call; resolves to the status and the parsed JSON body. */
  async call(
    method: string,
    route: string,
    { token, body, headers = {} }: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: any }> {
    const response = await fetch(`${this.url}${route}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGINT');
      await exited;
    }
    await this.nats.stop();
    await this.database.drop();
  }
}
