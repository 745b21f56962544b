import { randomUUID } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import {
  closeHealthClients,
  freePort,
  PrivateNats,
  repoRoot,
  scratchDatabase,
  ServiceProcess,
  signUp,
  waitFor,
  type ScratchDatabase,
} from '@chrono/testkit';
import type { ProcessGroups } from '../cpu-meter';
import { pidsMatching, processMemory } from '../process-stats';

/** Settings the bench gives the services, besides ports, database and NATS (reported with the results). */
export function serviceSettings(workerConcurrency: number): Record<string, Record<string, string>> {
  // Redis keys of its own, as the tests have: the shared Redis' counters (registrations per address, say) outlive a run.
  const all = { LOG_LEVEL: 'warn', REDIS_KEY_PREFIX: `bench:${randomUUID()}:` };
  return {
    auth: { ...all },
    // One user makes the whole load (1,000,000 pending jobs, 5,000 due at once): the per-user limits and quotas are raised
    // out of its way, but still counted and checked, so their cost is in the numbers.
    'job-catalog': {
      ...all,
      RATE_LIMIT_WRITES_PER_SECOND: '1000000',
      RATE_LIMIT_WRITE_BURST: '1000000',
      MAX_ACTIVE_JOBS_PER_USER: '1000000000',
    },
    // Should the scheduler lose an attempt (an outcome overtaking its dispatch record once did: bench/README.md, "Problems
    // this bench found"), the lost-run sweep would re-run it 2 minutes later, in a later scenario. 10 minutes keeps that out.
    scheduler: { ...all, LOST_RUN_GRACE: '10m', MAX_RUNS_PER_USER_PER_MINUTE: '1000000000' },
    executor: {
      ...all,
      EXECUTOR_CONCURRENCY: String(workerConcurrency),
      EXECUTOR_MAX_SLOTS_PER_USER: String(workerConcurrency),
    },
    gateway: { ...all },
  };
}

/** Which services to CPU-profile, where the profiles go, and the run whose measured window they cover (none: the whole run). */
export interface Profiling {
  services: string[];
  dir: string;
  run?: string;
}

/**
 * The whole system as `npm start` runs it (each service's compiled main.js as a child process, then
 * the Node REST gateway), in a database of its own and with a NATS JetStream server of its own, so
 * that nothing left by other runs or tests is in its streams.
 */
export class ChronoSystem {
  private constructor(
    readonly database: ScratchDatabase,
    readonly nats: PrivateNats,
    readonly services: Record<string, ServiceProcess>,
    private readonly gateway: ChildProcess,
    readonly gatewayPort: number,
    /** `authorization` metadata of the bench's user. */
    readonly auth: Record<string, string>,
    private readonly profiling: Profiling,
  ) {}

  /**
   * Starts it; the services named in `profiling` are CPU-profiled, each writing `<name>.cpuprofile`
   * to its `dir`: from start to stop, or only over the measured window of its `run`.
   */
  static async start(
    workerConcurrency: number,
    profiling: Profiling = { services: [], dir: '' },
  ): Promise<ChronoSystem> {
    const database = scratchDatabase('chrono_bench');
    const nats = await PrivateNats.start();
    const settings = serviceSettings(workerConcurrency);
    const preload = path.join(__dirname, '..', 'profile-preload.js');
    for (const name of profiling.services)
      settings[name] = {
        ...settings[name],
        NODE_OPTIONS: `--require ${preload}`,
        BENCH_PROFILE_FILE: path.join(profiling.dir, `${name}.cpuprofile`),
        BENCH_PROFILE_ON_SIGNAL: profiling.run ? '1' : '',
      };
    const services: Record<string, ServiceProcess> = {};
    let gateway: ChildProcess | undefined;
    try {
      const common = { ...database.env, NATS_URL: nats.url };
      services.auth = await ServiceProcess.start('auth', { ...common, ...settings.auth });
      const withAuth = { ...common, AUTH_GRPC_URL: services.auth.address };
      // Started one after another: each runs its migrations in the fresh database.
      for (const name of ['job-catalog', 'scheduler', 'executor'])
        services[name] = await ServiceProcess.start(name, { ...withAuth, ...settings[name] }, 60_000);
      const gatewayPort = await freePort();
      gateway = spawn(process.execPath, [path.join(repoRoot, 'gateway', 'dist', 'main.js')], {
        env: {
          ...process.env,
          ...settings.gateway,
          PORT: String(gatewayPort),
          METRICS_PORT: '0',
          AUTH_GRPC_URL: services.auth.address,
          JOB_CATALOG_GRPC_URL: services['job-catalog'].address,
          SCHEDULER_GRPC_URL: services.scheduler.address,
          EXECUTOR_GRPC_URL: services.executor.address,
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      await waitFor(async () => (await fetch(`http://127.0.0.1:${gatewayPort}/health`)).status === 200, {
        timeoutMs: 30_000,
        what: 'the gateway to answer /health',
      });
      const auth = await signUp(services.auth.address, 'bench');
      return new ChronoSystem(database, nats, services, gateway, gatewayPort, auth, profiling);
    } catch (error) {
      gateway?.kill('SIGKILL');
      await Promise.all(Object.values(services).map((service) => service.stop('SIGKILL')));
      await nats.stop();
      await database.drop();
      throw error;
    }
  }

  /** The measured window of `run` begins or ends: the profiled services start or stop profiling if it is theirs. */
  measuring(run: string): void {
    if (run !== this.profiling.run) return;
    // The first signal starts a service's profiler, the second stops it and writes the profile (profile-preload).
    for (const name of this.profiling.services) this.services[name].child.kill('SIGUSR2');
  }

  /** Its processes by part: each service, the gateway, its NATS server, and the PostgreSQL backends serving its database. */
  processes(): ProcessGroups {
    const services = Object.fromEntries(
      Object.entries(this.services).map(([name, service]) => [name, service.child.pid ? [service.child.pid] : []]),
    );
    return {
      ...services,
      gateway: this.gateway.pid ? [this.gateway.pid] : [],
      'nats-server': pidsMatching('nats-server', `-p ${this.nats.port}`),
      'postgres (its backends)': pidsMatching('postgres: ', ` ${this.database.name} `),
    };
  }

  /** Resident and peak resident memory of a service, in MiB. */
  memoryOf(name: string): { rssMiB: number; peakMiB: number } {
    return processMemory(this.services[name].child.pid);
  }

  /** Stops everything gracefully, then drops the database and the NATS server with its store. */
  async stop(): Promise<void> {
    const gatewayExited = new Promise((resolve) =>
      this.gateway.exitCode !== null ? resolve(null) : this.gateway.once('exit', resolve),
    );
    this.gateway.kill('SIGTERM');
    await gatewayExited;
    const services = Object.values(this.services).reverse();
    for (const service of services) {
      const stopped = await Promise.race([
        service.stop('SIGTERM'),
        new Promise((resolve) => setTimeout(resolve, 15_000, 'timeout')),
      ]);
      if (stopped === 'timeout') await service.stop('SIGKILL');
    }
    closeHealthClients();
    await this.nats.stop();
    await this.database.drop();
  }
}
