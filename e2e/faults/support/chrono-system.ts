import { credentials } from '@grpc/grpc-js';
import { jobService } from '@chrono/contracts';
import { closeHealthClients, GatewayProcess, ServiceProcess, signUp } from '@chrono/testkit';

export type ServiceName = 'auth' | 'job-catalog' | 'scheduler' | 'executor';

export interface SystemOptions {
  /** DB_* variables of the database every service uses. */
  database: Record<string, string>;
  /** NATS_URL of the test's own nats-server. */
  natsUrl: string;
  /** Extra settings of each kind of service. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** job-catalog processes to start (default 1). */
  catalogs?: number;
  /** Scheduler replicas to start (default 1). */
  schedulers?: number;
  /** Executor processes to start (default 1). */
  executors?: number;
  /** Whether to start the REST gateway in front (default false). */
  gateway?: boolean;
}

/**
 * The whole system as child processes: auth, job-catalog, scheduler replicas, executors and
 * optionally the REST gateway, on the test's database and NATS, with one signed-up user. The test
 * may kill any process and start more; `stop` ends every one it started.
 */
export class ChronoSystem {
  readonly processes: ServiceProcess[] = [];
  gateway?: GatewayProcess;
  /** Metadata that carries the user's token. */
  authorization: Record<string, string> = {};
  private jobClient?: jobService.JobServiceClient;

  private constructor(private readonly options: SystemOptions) {}

  static async start(options: SystemOptions): Promise<ChronoSystem> {
    const system = new ChronoSystem(options);
    try {
      const auth = await system.startService('auth', { BCRYPT_ROUNDS: '4' });
      for (let i = 0; i < (options.catalogs ?? 1); i++) await system.startService('job-catalog');
      for (let i = 0; i < (options.schedulers ?? 1); i++) await system.startService('scheduler');
      for (let i = 0; i < (options.executors ?? 1); i++) await system.startService('executor');
      system.authorization = await signUp(auth.address, 'faults');
      if (options.gateway) {
        const address = (name: ServiceName) => system.live(name)[0].address;
        system.gateway = await GatewayProcess.start({
          AUTH_GRPC_URL: address('auth'),
          JOB_CATALOG_GRPC_URL: address('job-catalog'),
          SCHEDULER_GRPC_URL: address('scheduler'),
          EXECUTOR_GRPC_URL: address('executor'),
        });
      }
    } catch (error) {
      await system.stop();
      throw error;
    }
    return system;
  }

  /** Starts one more process of a service with the system's settings, `env` on top. */
  async startService(name: ServiceName, env: Record<string, string> = {}): Promise<ServiceProcess> {
    const auth: Record<string, string> = name === 'auth' ? {} : { AUTH_GRPC_URL: this.live('auth')[0].address };
    // The scenarios' jobs call an HTTP server of the test's own on this machine.
    const local: Record<string, string> = name === 'executor' ? { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1' } : {};
    const settings = {
      LOG_LEVEL: 'warn',
      ...this.options.database,
      NATS_URL: this.options.natsUrl,
      ...auth,
      ...local,
      ...this.options.env?.[name],
      ...env,
    };
    const service = await ServiceProcess.start(name, settings, 60_000);
    this.processes.push(service);
    if (name === 'job-catalog') {
      this.jobClient?.close();
      this.jobClient = new jobService.JobServiceClient(service.address, credentials.createInsecure());
    }
    return service;
  }

  /** The processes of a service that have not exited, oldest first. */
  live(name: ServiceName): ServiceProcess[] {
    return this.processes.filter((p) => p.name === name && p.child.exitCode === null && p.child.signalCode === null);
  }

  /** A JobService client of the newest job-catalog. */
  get jobs(): jobService.JobServiceClient {
    if (!this.jobClient) throw new Error('no job-catalog started');
    return this.jobClient;
  }

  async stop(): Promise<void> {
    this.jobClient?.close();
    await this.gateway?.stop();
    await Promise.all(this.processes.map((p) => p.stop('SIGKILL')));
    closeHealthClients();
  }
}
