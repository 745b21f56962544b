import { randomBytes, randomUUID } from 'node:crypto';
import {
  closeHealthClients,
  GatewayProcess,
  PrivateNats,
  scratchDatabase,
  ServiceProcess,
  waitFor,
} from '@chrono/testkit';

// The gateway in front of all four services (NATS of the test's own, so no other test's services
// see its jobs): each route reaches its service, JSON maps both ways, /health follows the services.
describe('gateway in front of every service', () => {
  const database = scratchDatabase();
  let nats: PrivateNats;
  const services: Record<string, ServiceProcess> = {};
  let gateway: GatewayProcess;
  let authorization: string;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    services.auth = await ServiceProcess.start('auth', { ...database.env, BCRYPT_ROUNDS: '4' });
    const common = { ...database.env, NATS_URL: nats.url, AUTH_GRPC_URL: services.auth.address };
    for (const name of ['job-catalog', 'scheduler', 'executor'])
      services[name] = await ServiceProcess.start(name, common);
    gateway = await GatewayProcess.start({
      AUTH_GRPC_URL: services.auth.address,
      JOB_CATALOG_GRPC_URL: services['job-catalog'].address,
      SCHEDULER_GRPC_URL: services.scheduler.address,
      // Several replicas are reached through a dns:/// name; one replica is enough to show it resolves.
      EXECUTOR_GRPC_URL: `dns:///localhost:${services.executor.port}`,
    });
    const email = `jobs-${randomBytes(4).toString('hex')}@example.com`;
    const registered = await call('POST', '/auth/register', {
      body: { email, password: 'long-enough-1', name: 'Jobs' },
    });
    authorization = `Bearer ${registered.json.access_token}`;
  });

  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(Object.values(services).map((service) => service.stop()));
    await nats?.stop();
    closeHealthClients();
    await database.drop();
  });

  async function call(
    method: string,
    path: string,
    { body, headers = {} }: { body?: unknown; headers?: Record<string, string> } = {},
  ) {
    const response = await fetch(`${gateway.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  }

  it('reports /health 200 with every service SERVING', async () => {
    const health = await call('GET', '/health');
    expect(health).toEqual({
      status: 200,
      json: {
        status: 'SERVING',
        services: { auth: 'SERVING', 'job-catalog': 'SERVING', scheduler: 'SERVING', executor: 'SERVING' },
      },
    });
  });

  it('routes /jobs to job-catalog, which refuses a call without a token', async () => {
    const requestId = `list-${randomUUID()}`;
    expect(await call('GET', '/jobs')).toEqual({
      status: 401,
      json: { code: 16, message: expect.any(String), details: [] },
    });
    const list = await call('GET', '/jobs?status=pending&limit=5', {
      headers: { authorization, 'x-request-id': requestId },
    });
    expect(list).toEqual({ status: 200, json: { items: [], total: 0, page: 1, limit: 5 } });
    await waitFor(() => services['job-catalog'].logs.includes(`"requestId":"${requestId}"`), {
      what: 'the request in the job-catalog log',
    });
    expect(services['job-catalog'].logs).toContain('"rpc":"chrono.catalog.v1.JobService/ListJobs"');
  });

  it('maps a job to JSON and back: lowercase strings, Struct payloads, RFC 3339 times, defaults printed, unset fields left out', async () => {
    const payload = {
      reportType: 'analytics',
      recipients: ['admin@example.com'],
      nested: { n: 1.5, ok: true, none: null },
    };
    const created = await call('POST', '/jobs', {
      headers: { authorization },
      body: {
        name: 'Send Weekly Report',
        description: 'Weekly analytics',
        type: 'one_time',
        payload,
        scheduledAt: '2030-01-20T10:00:00Z',
        maxRetries: 0,
        unknownField: 'ignored',
      },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({
      name: 'Send Weekly Report',
      description: 'Weekly analytics',
      type: 'one_time',
      status: 'pending',
      payload,
      scheduledAt: '2030-01-20T10:00:00Z',
      retryCount: 0,
      maxRetries: 0,
      isActive: true,
    });
    expect(created.json).not.toHaveProperty('recurrencePattern');
    expect(created.json).not.toHaveProperty('cronExpression');
    expect(created.json).not.toHaveProperty('startedAt');
    expect(created.json).not.toHaveProperty('unknownField');
    const fetched = await call('GET', `/jobs/${created.json.id}`, { headers: { authorization } });
    // GetJob adds the job's occurrence stats, printed with their defaults like every other field.
    const zero = { occurrences: 0, succeeded: 0, failed: 0, skipped: 0, missed: 0, cancelled: 0, inFlight: 0 };
    const counts = { ...zero, latenessP50Ms: 0, latenessP99Ms: 0 };
    expect(fetched).toEqual({ status: 200, json: { ...created.json, stats: { last24h: counts, last7d: counts } } });
    expect(await call('GET', `/jobs/${randomUUID()}`, { headers: { authorization } })).toMatchObject({
      status: 404,
      json: { code: 5 },
    });
  });

  it('routes /jobs/{id}/trigger to the scheduler and /handlers to the executor', async () => {
    const requestId = `trigger-${randomUUID()}`;
    const trigger = await call('POST', `/jobs/${randomUUID()}/trigger`, {
      headers: { authorization, 'x-request-id': requestId },
      body: {},
    });
    expect(trigger.json).toEqual({ code: expect.any(Number), message: expect.any(String), details: [] });
    expect(trigger.json.message).not.toMatch(/^Could not resolve/);
    await waitFor(() => services.scheduler.logs.includes(`"requestId":"${requestId}"`), {
      what: 'the request in the scheduler log',
    });
    expect(services.scheduler.logs).toContain('"rpc":"chrono.scheduler.v1.SchedulerService/TriggerNow"');

    const handlers = await call('GET', '/handlers', { headers: { authorization } });
    expect(handlers.status).toBe(200);
    expect(handlers.json.handlers.map((handler: { name: string }) => handler.name)).toContain('default');
  });

  it('reports /health 503 naming a service that stops, and 503 for its routes', async () => {
    await services.executor.stop();
    const health = await waitFor(
      async () => {
        const answer = await call('GET', '/health');
        return answer.status === 503 ? answer : undefined;
      },
      { what: '/health to report the stopped executor' },
    );
    expect(health.json).toEqual({
      status: 'NOT_SERVING',
      services: {
        auth: 'SERVING',
        'job-catalog': 'SERVING',
        scheduler: 'SERVING',
        executor: expect.stringMatching(/^(UNREACHABLE|NOT_SERVING)$/),
      },
    });
    expect(await call('GET', '/handlers', { headers: { authorization } })).toMatchObject({
      status: 503,
      json: { code: 14, details: [] },
    });
  });
});
