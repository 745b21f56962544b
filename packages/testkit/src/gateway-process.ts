import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './free-port';
import { loggedMetricsPort } from './prometheus-text';
import { repoRoot, TEST_GATEWAY_SECRET } from './service-process';
import { waitFor } from './wait-for';

/** The compiled REST gateway (gateway/dist/main.js) as a child process on a free port (its metrics on another), as `npm start` runs it. */
export class GatewayProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  /**
   * Starts the gateway with `env` (the *_GRPC_URL variables; any not given point at a closed port)
   * and waits until it answers HTTP.
   */
  static async start(env: Record<string, string> = {}): Promise<GatewayProcess> {
    const closed = `127.0.0.1:${await freePort()}`;
    const port = await freePort();
    const child = spawn(process.execPath, [path.join(repoRoot, 'gateway', 'dist', 'main.js')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        PORT: String(port),
        METRICS_PORT: '0',
        GATEWAY_SHARED_SECRET: TEST_GATEWAY_SECRET,
        AUTH_GRPC_URL: closed,
        JOB_CATALOG_GRPC_URL: closed,
        SCHEDULER_GRPC_URL: closed,
        EXECUTOR_GRPC_URL: closed,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const gateway = new GatewayProcess(port, child);
    try {
      await waitFor(
        async () => {
          if (child.exitCode !== null) throw new Error(`the gateway exited with ${child.exitCode}`);
          return (await fetch(`${gateway.url}/api/openapi.json`)).ok;
        },
        { timeoutMs: 20_000, what: 'the gateway to answer' },
      );
    } catch (error) {
      child.kill('SIGKILL');
      throw new Error(`${String(error)}\n--- gateway output ---\n${gateway.logs}`);
    }
    return gateway;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Where its Prometheus metrics are (`http://127.0.0.1:<port>/metrics`; a free port unless `env` set METRICS_PORT). */
  async metricsUrl(timeoutMs = 15_000): Promise<string> {
    const port = await waitFor(() => loggedMetricsPort(this.output), {
      timeoutMs,
      what: 'the gateway to log its metrics port',
    });
    return `http://127.0.0.1:${port}/metrics`;
  }

  /** Everything the gateway has printed so far. */
  get logs(): string {
    return this.output;
  }

  /** Sends a request with a JSON body (a string is sent as it is) and reads the JSON answer, if any. */
  async call(
    method: string,
    pathAndQuery: string,
    { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: any }> {
    const response = await fetch(`${this.url}${pathAndQuery}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await response.text();
    let json: unknown = text;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      // Left as text: the assertion on the body then shows what came back.
    }
    return { status: response.status, json };
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}
