import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { freePort, repoRoot, scratchDatabase, waitFor } from '@chrono/testkit';

// `npm start` runs scripts/start.js after the build; this runs it the same way on free ports.
describe('npm start', () => {
  const database = scratchDatabase();
  afterAll(() => database.drop());

  function start(env: Record<string, string>) {
    const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, output: () => output };
  }

  it('brings every service up, and stops them all within seconds of Ctrl-C', async () => {
    const ports = { AUTH_GRPC_PORT: await freePort(), JOB_CATALOG_GRPC_PORT: await freePort(), SCHEDULER_GRPC_PORT: await freePort(), EXECUTOR_GRPC_PORT: await freePort(), PORT: await freePort() };
    const system = start({ ...database.env, METRICS_PORT: '0', ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])) });
    await waitFor(() => system.output().includes('start: all services serving'), { timeoutMs: 45_000, what: 'all services serving' });
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

  it('names a dependency it cannot reach and how to start it, and exits non-zero', async () => {
    const port = await freePort();
    const system = start({ ...database.env, REDIS_PORT: String(port) });
    expect(await system.exited).toBe(1);
    expect(system.output()).toContain(`start: Redis is not reachable at localhost:${port}. Start it, for example: redis-server`);
    expect(system.output()).not.toMatch(/\n\s+at /);
  });
});
