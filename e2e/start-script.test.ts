import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  accepts,
  closeHealthClients,
  freePort,
  healthStatus,
  repoRoot,
  scratchDatabase,
  waitFor,
} from '@chrono/testkit';

// `npm start` runs scripts/start.js after the build; this runs it the same way on free ports.
describe('npm start', () => {
  const database = scratchDatabase();
  afterAll(() => database.drop());

  function start(env: Record<string, string>, args: string[] = []) {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, output: () => output };
  }

  /**
   * Starts it on `count` ports picked just before, and once more on new ones when a port was taken in
   * between by another test file's process (EADDRINUSE: the machine's race, not the script's); resolves
   * once all serve or it has exited otherwise.
   */
  async function startOnFreePorts(
    count: number,
    envOf: (ports: number[]) => Record<string, string>,
    timeoutMs: number,
  ) {
    for (let attempt = 1; ; attempt++) {
      const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
      const system = start(envOf(ports));
      await waitFor(() => system.output(), {
        until: (output) => output.includes('start: all services serving') || system.child.exitCode !== null,
        timeoutMs,
        what: 'all services serving',
      }).catch((error: unknown) => {
        system.child.kill('SIGKILL');
        throw error;
      });
      const taken = system.child.exitCode !== null && /EADDRINUSE/.test(system.output());
      if (!taken || attempt >= 3) return { system, ports };
      await system.exited;
    }
  }

  it('brings every service up, and stops them all within seconds of Ctrl-C', async () => {
    const portsOf = ([auth, catalog, scheduler, executor, gateway]: number[]) => ({
      AUTH_GRPC_PORT: auth,
      JOB_CATALOG_GRPC_PORT: catalog,
      SCHEDULER_GRPC_PORT: scheduler,
      EXECUTOR_GRPC_PORT: executor,
      PORT: gateway,
    });
    const started = await startOnFreePorts(
      5,
      (picked) => ({
        ...database.env,
        METRICS_PORT: '0',
        ...Object.fromEntries(Object.entries(portsOf(picked)).map(([k, v]) => [k, String(v)])),
      }),
      45_000,
    );
    const { system } = started;
    const ports = portsOf(started.ports);
    expect(system.output()).toContain('start: all services serving');
    expect(system.output()).toContain(`auth :${ports.AUTH_GRPC_PORT}, job-catalog :${ports.JOB_CATALOG_GRPC_PORT}`);
    expect(system.output()).toContain(`gateway :${ports.PORT}.`);
    const health = await fetch(`http://127.0.0.1:${ports.PORT}/health`);
    expect(health.status).toBe(200);

    const stopped = Date.now();
    system.child.kill('SIGINT');
    expect(await system.exited).toBe(0);
    expect(Date.now() - stopped).toBeLessThan(10_000);
    expect(system.output()).toContain('start: all services stopped');
  });

  it('starts PostgreSQL, Redis and NATS where none runs, serves on them, and on Ctrl-C leaves no process behind', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chrono-start-'));
    const envOf = ([db, redis, nats, ...services]: number[]) => ({
      CHRONO_DATA_DIR: dataDir,
      DB_HOST: 'localhost',
      DB_PORT: String(db),
      DB_DATABASE: 'chrono_start',
      REDIS_PORT: String(redis),
      NATS_URL: `nats://localhost:${nats}`,
      METRICS_PORT: '0',
      AUTH_GRPC_PORT: String(services[0]),
      JOB_CATALOG_GRPC_PORT: String(services[1]),
      SCHEDULER_GRPC_PORT: String(services[2]),
      EXECUTOR_GRPC_PORT: String(services[3]),
      PORT: String(services[4]),
    });
    // The servers bind theirs first, then the services: a port taken meanwhile means a start on new ones.
    let system: ReturnType<typeof start> | undefined;
    try {
      const running = await startOnFreePorts(8, envOf, 120_000);
      system = running.system;
      const [db, redis, nats, ...services] = running.ports;
      const output = system.output();
      expect(output).toContain('start: all services serving');
      const started = [
        ...output.matchAll(
          /start: (\w+) was not running at localhost:(\d+); started ([\w-]+) \(pid (\d+)\) with its data in (\S+)/g,
        ),
      ].map((m) => ({ name: m[1], port: Number(m[2]), pid: Number(m[4]) }));
      expect(started.map(({ name, port }) => `${name}:${port}`)).toEqual([
        `PostgreSQL:${db}`,
        `Redis:${redis}`,
        `NATS:${nats}`,
      ]);
      for (const port of services.slice(0, 4)) expect(await healthStatus(`127.0.0.1:${port}`)).toBe('SERVING');

      system.child.kill('SIGINT');
      expect(await system.exited).toBe(0);
      expect(system.output()).toContain('start: stopped PostgreSQL, Redis, NATS');
      for (const { pid } of started) expect(alive(pid)).toBe(false);
      for (const port of [db, redis, nats, ...services]) expect(await accepts(port)).toBe(false);
      // The data stay for the next start.
      expect(readdirSync(dataDir).sort()).toEqual([
        'nats-server',
        'nats-server.log',
        'postgres',
        'postgres.log',
        'redis-server',
        'redis-server.log',
      ]);
    } finally {
      system?.child.kill('SIGKILL');
      closeHealthClients();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('with --fresh wipes its data folder; names the Debian package of a server it cannot find, and exits non-zero without a stack trace', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'chrono-start-'));
    writeFileSync(path.join(dataDir, 'left-from-before'), '');
    const system = start(
      { ...database.env, CHRONO_DATA_DIR: dataDir, REDIS_PORT: String(port), PATH: '/nonexistent' },
      ['--fresh'],
    );
    expect(await system.exited).toBe(1);
    expect(existsSync(dataDir)).toBe(false);
    expect(system.output()).toContain(
      `start: Redis is not reachable at localhost:${port} and redis-server is not installed: apt-get install redis-server`,
    );
    expect(system.output()).not.toMatch(/\n\s+at /);
  });
});

/** Whether a process with this id still exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
