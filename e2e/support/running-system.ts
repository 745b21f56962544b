import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
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

/** The password of every account `signUp` makes. */
export const SIGN_UP_PASSWORD = 'SecurePassword123!';

/** POST /auth/register's answer: the new user and the tokens of their session. */
export interface SignedUp {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: { id: string; email: string; name: string };
}

/** The ports `npm start` binds: the four services' gRPC ports and the gateway's PORT. */
const PORT_VARIABLES = [
  'AUTH_GRPC_PORT',
  'JOB_CATALOG_GRPC_PORT',
  'SCHEDULER_GRPC_PORT',
  'EXECUTOR_GRPC_PORT',
  'PORT',
] as const;
export type PortVariable = (typeof PORT_VARIABLES)[number];

/**
 * The whole system started the way `npm start` starts it (scripts/start.js), on free ports (metrics
 * too: METRICS_PORT 0), with a database and a NATS server of its own; REST at `url`, gRPC at
 * `grpcAddress(...)`.
 */
export class RunningSystem {
  private output = '';

  private constructor(
    /** The port of each process, as it was started. */
    readonly ports: Record<PortVariable, number>,
    readonly database: ScratchDatabase,
    private readonly nats: PrivateNats,
    private readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  /**
   * Starts it, once more on other ports when a port picked as free was taken before a service bound it
   * (another process's connection can get it in between): that is the machine's race, not the system's.
   * The ports are picked here, just before the start, never by the caller: the window stays short, and
   * a second attempt gets new ones (clients ask `ports` or `grpcAddress` afterwards).
   */
  static async start(env: Record<string, string> = {}): Promise<RunningSystem> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await RunningSystem.startOnce(env);
      } catch (error) {
        if (attempt >= 3 || !/EADDRINUSE/.test((error as Error).message)) throw error;
      }
    }
  }

  private static async startOnce(env: Record<string, string>): Promise<RunningSystem> {
    const database = scratchDatabase();
    const nats = await PrivateNats.start();
    // Picked once the database and NATS are ready, right before the processes that bind them start.
    const picked = await Promise.all(PORT_VARIABLES.map(async (name) => [name, await freePort()] as const));
    const ports = Object.fromEntries(picked) as Record<PortVariable, number>;
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.js')], {
      env: {
        ...process.env,
        ...database.env,
        NATS_URL: nats.url,
        METRICS_PORT: '0',
        ...env,
        ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const system = new RunningSystem(ports, database, nats, child);
    // Within the test hooks' minute, so that a start that fails says why (the output names the service
    // that did not come up), and leaves nothing running behind it.
    try {
      const serving = () => system.output.includes('start: all services serving');
      // `npm start` stops everything when one service exits (a port taken meanwhile, say): no use waiting on.
      await waitFor(() => serving() || child.exitCode !== null, { timeoutMs: 50_000, what: 'the system to serve' });
      if (!serving()) throw new Error(`npm start exited with code ${child.exitCode}`);
    } catch (error) {
      await system.stop();
      throw new Error(`${(error as Error).message}\n--- npm start output ---\n${system.output}`);
    }
    return system;
  }

  /** The REST gateway, `http://127.0.0.1:<PORT>`. */
  get url(): string {
    return `http://127.0.0.1:${this.ports.PORT}`;
  }

  /** Where a service answers gRPC, `127.0.0.1:<port>`. */
  grpcAddress(port: Exclude<PortVariable, 'PORT'>): string {
    return `127.0.0.1:${this.ports[port]}`;
  }

  /** The URL of the system's own NATS server (no users). */
  get natsUrl(): string {
    return this.nats.url;
  }

  /** Everything the processes printed so far: their JSON log lines, and `npm start`'s own. */
  get printed(): string {
    return this.output;
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

  /** Registers a new account (a random email, SIGN_UP_PASSWORD) over REST; throws unless it is made. */
  async signUp(name = 'Test User'): Promise<SignedUp> {
    const email = `user-${randomBytes(4).toString('hex')}@example.com`;
    const { status, body } = await this.call('POST', '/auth/register', {
      body: { email, password: SIGN_UP_PASSWORD, name },
    });
    if (status !== 200) throw new Error(`POST /auth/register answered ${status}: ${JSON.stringify(body)}`);
    return body as SignedUp;
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
