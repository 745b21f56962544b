import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { freePort } from './free-port';
import { healthStatus } from '@chrono/kit';
import { loggedMetricsPort } from './prometheus-text';
import { waitFor } from './wait-for';

/** The repository root, from which service entry points are found. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');

/** The environment variable that sets each service's gRPC port. */
export const PORT_VARIABLE: Record<string, string> = {
  auth: 'AUTH_GRPC_PORT',
  'job-catalog': 'JOB_CATALOG_GRPC_PORT',
  scheduler: 'SCHEDULER_GRPC_PORT',
  executor: 'EXECUTOR_GRPC_PORT',
};

/**
 * The GATEWAY_SHARED_SECRET every service and gateway a test starts gets unless it says otherwise:
 * they believe the gateway's x-client-address, as in a deployment.
 */
export const TEST_GATEWAY_SECRET = 'testkit-gateway-shared-secret';

/** A service running as a child process, as it runs in production (its compiled main.js). */
export class ServiceProcess {
  private output = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly child: ChildProcess,
  ) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    // 'close', not 'exit': it comes once the process has ended and its output has all been read.
    this.exited = new Promise((resolve) => child.on('close', (code) => resolve(code)));
  }

  /**
   * Spawns `services/<name>/dist/main.js` on a free port with `env` added to this process's environment;
   * its metrics on a free port too (METRICS_PORT 0: see `metricsUrl`). A port variable in `env` (such as
   * JOB_CATALOG_GRPC_PORT) is kept, so that a test can restart a service where its clients find it.
   */
  static async spawn(name: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const port = Number(env[PORT_VARIABLE[name]] ?? (await freePort()));
    const child = spawn(process.execPath, [path.join(repoRoot, 'services', name, 'dist', 'main.js')], {
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        [PORT_VARIABLE[name]]: String(port),
        METRICS_PORT: '0',
        GATEWAY_SHARED_SECRET: TEST_GATEWAY_SECRET,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ServiceProcess(name, port, child);
  }

  /** Spawns the service and waits until its health check answers SERVING. */
  static async start(name: string, env: Record<string, string> = {}, timeoutMs = 30_000): Promise<ServiceProcess> {
    const service = await ServiceProcess.spawn(name, env);
    let exitCode: number | null | undefined;
    void service.exited.then((code) => (exitCode = code));
    try {
      await waitFor(
        async () => {
          if (exitCode !== undefined) throw new Error(`${name} exited with ${exitCode}`);
          return (await healthStatus(service.address)) === 'SERVING';
        },
        { timeoutMs, what: `${name} to serve`, intervalMs: 100 },
      );
    } catch (error) {
      service.child.kill('SIGKILL');
      throw new Error(`${String(error)}\n--- ${name} output ---\n${service.logs}`);
    }
    return service;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Where its Prometheus metrics are (`http://127.0.0.1:<port>/metrics`), once it has logged the port it bound. */
  async metricsUrl(timeoutMs = 15_000): Promise<string> {
    const port = await waitFor(() => loggedMetricsPort(this.output), {
      timeoutMs,
      what: `${this.name} to log its metrics port`,
    });
    return `http://127.0.0.1:${port}/metrics`;
  }

  /** Everything the process has printed so far. */
  get logs(): string {
    return this.output;
  }

  /** Sends `signal` and resolves to the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

/** The metadata the gateway sends with a call from `clientAddress`: services believe that address. */
export function viaGateway(clientAddress: string): Record<string, string> {
  return { 'x-client-address': clientAddress, 'x-gateway-secret': TEST_GATEWAY_SECRET };
}
