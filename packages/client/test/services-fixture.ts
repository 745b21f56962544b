import { closeHealthClients, freePort, PrivateNats, scratchDatabase, ServiceProcess } from '@chrono/testkit';
import type { ServiceAddresses } from '@chrono/client';

// The machines these run on are small and busy: a service may take a while to start.
const START_TIMEOUT_MS = 60_000;

/**
 * auth, job-catalog, scheduler and executor on a scratch database and a NATS of their own, as the client
 * meets them. job-catalog listens on a port chosen here, so that `restartCatalog` brings it back where
 * clients already point.
 */
export class ServicesFixture {
  private constructor(
    private readonly env: Record<string, string>,
    private readonly catalogPort: number,
    private readonly processes: ServiceProcess[],
    private readonly stopStorage: () => Promise<void>,
  ) {}

  /** Starts the four services; if one does not come up, stops those that did before it throws. */
  static async start(env: Record<string, Record<string, string>> = {}): Promise<ServicesFixture> {
    const database = scratchDatabase();
    const nats = await PrivateNats.start();
    const fixture = new ServicesFixture({}, await freePort(), [], async () => {
      await nats.stop();
      closeHealthClients();
      await database.drop();
    });
    try {
      const common = { ...database.env, NATS_URL: nats.url, BCRYPT_ROUNDS: '4' };
      const authService = await ServiceProcess.start('auth', { ...common, ...env.auth }, START_TIMEOUT_MS);
      fixture.processes.push(authService);
      const shared = { ...common, AUTH_GRPC_URL: authService.address };
      Object.assign(fixture.env, shared, env['job-catalog']);
      await fixture.startCatalog();
      for (const name of ['scheduler', 'executor']) {
        const service = await ServiceProcess.start(
          name,
          { ...shared, RETRY_DELAY_MS: '200', ...env[name] },
          START_TIMEOUT_MS,
        );
        fixture.processes.push(service);
      }
      return fixture;
    } catch (error) {
      await fixture.close();
      throw error;
    }
  }

  /** Where the client finds each service. */
  get addresses(): Required<ServiceAddresses> {
    const address = (name: string) => this.processes.find((service) => service.name === name)!.address;
    return { auth: address('auth'), jobCatalog: `127.0.0.1:${this.catalogPort}`, scheduler: address('scheduler') };
  }

  /** Stops job-catalog (SIGTERM, as a rolling restart does); resolves to a function that starts it again on the same port. */
  async stopCatalog(): Promise<() => Promise<void>> {
    const catalog = this.processes.find((service) => service.name === 'job-catalog')!;
    this.processes.splice(this.processes.indexOf(catalog), 1);
    await catalog.stop('SIGTERM');
    return () => this.startCatalog();
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((service) => service.stop('SIGKILL')));
    await this.stopStorage();
  }

  private async startCatalog(): Promise<void> {
    const env = { ...this.env, JOB_CATALOG_GRPC_PORT: String(this.catalogPort) };
    this.processes.push(await ServiceProcess.start('job-catalog', env, START_TIMEOUT_MS));
  }
}
