import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import * as path from 'node:path';
import { descriptorSetPath } from '@chrono/contracts';
import { createLogger, GrpcServer, healthStatus, closeHealthClients } from '@chrono/kit';
import { freePort, waitFor } from '@chrono/testkit';
import { repoRoot } from './support/components';

// The scripts the images run as HEALTHCHECK (and docker-compose as its health checks), run as the
// container runs them: a node process whose exit code is the verdict.
function runScript(script: string, target: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'deploy', 'docker', script), target],
      { timeout: 20_000 },
      (error, _stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stderr }),
    );
  });
}

describe('grpc-health-check.js', () => {
  // The kit's own gRPC server, whose health follows a dependency the test switches on and off.
  let dependencyUp = true;
  const server = new GrpcServer({
    name: 'health-check-test',
    log: createLogger('health-check-test', 'silent'),
    descriptorSetPath,
    dependencies: [
      { name: 'switch', check: async () => (dependencyUp ? undefined : Promise.reject(new Error('down'))) },
    ],
  });
  let address = '';

  beforeAll(async () => {
    address = `127.0.0.1:${await server.start(0, '127.0.0.1')}`;
  });
  afterAll(async () => {
    closeHealthClients();
    await server.stop(100);
  });

  it('exits 0 while the service is SERVING', async () => {
    dependencyUp = true;
    await waitFor(async () => (await healthStatus(address)) === 'SERVING', { what: 'SERVING' });
    expect(await runScript('grpc-health-check.js', address)).toEqual({ code: 0, stderr: '' });
  });

  it('exits 1 and says so while the service is NOT_SERVING', async () => {
    dependencyUp = false;
    await waitFor(async () => (await healthStatus(address)) === 'NOT_SERVING', { what: 'NOT_SERVING' });
    const result = await runScript('grpc-health-check.js', address);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('NOT_SERVING');
    dependencyUp = true;
  });

  it('exits 1 when nothing listens at the address', async () => {
    const result = await runScript('grpc-health-check.js', `127.0.0.1:${await freePort()}`);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/127\.0\.0\.1:\d+: /);
  });
});

describe('http-health-check.js', () => {
  let status = 200;
  let server: Server;
  let url = '';

  beforeAll(async () => {
    server = createServer((_request, response) => response.writeHead(status).end());
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${port}/health`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('exits 0 on a 2xx answer', async () => {
    status = 200;
    expect((await runScript('http-health-check.js', url)).code).toBe(0);
  });

  it('exits 1 on a 503 answer, naming the status', async () => {
    status = 503;
    expect(await runScript('http-health-check.js', url)).toEqual({ code: 1, stderr: `${url}: HTTP 503\n` });
  });

  it('exits 1 when the connection is refused', async () => {
    expect((await runScript('http-health-check.js', `http://127.0.0.1:${await freePort()}/health`)).code).toBe(1);
  });
});
