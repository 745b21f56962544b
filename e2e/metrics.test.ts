import { randomUUID } from 'node:crypto';
import { promtoolCheckMetrics, sampleSum, scrape, waitFor, type Sample } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';

const PROCESSES = ['gateway', 'auth', 'job-catalog', 'scheduler', 'executor'];
const SERVICES = {
  auth: 'chrono.auth.v1.AuthService',
  'job-catalog': 'chrono.catalog.v1.JobService',
  scheduler: 'chrono.scheduler.v1.SchedulerService',
  executor: 'chrono.executor.v1.ExecutorService',
};
const JOBS = 'chrono.catalog.v1.JobService';

// Every process of the system as `npm start` runs it serves Prometheus metrics on a port of its own;
// REST calls through the gateway show up in the gateway's HTTP and gRPC client metrics and in the
// services' gRPC server metrics, each call once, under its route template and code.
describe('metrics of every process', () => {
  let system: RunningSystem;
  let token: string;
  let email: string;

  beforeAll(async () => {
    // A small write budget, so that the rate-limit refusals can be seen; fast hashes for the logins.
    system = await RunningSystem.start({
      BCRYPT_ROUNDS: '4',
      RATE_LIMIT_WRITE_BURST: '6',
      RATE_LIMIT_WRITES_PER_SECOND: '1',
    });
    ({
      access_token: token,
      user: { email },
    } = await system.signUp('Metrics'));
  });
  afterAll(() => system?.stop());

  const samplesOf = async (process: string): Promise<Sample[]> =>
    (await scrape(await system.metricsUrl(process))).samples;
  const createJob = (name: string, as = token) =>
    system.call('POST', '/jobs', { token: as, body: { name, type: 'one_time', scheduledAt: '2099-01-01T00:00:00Z' } });

  it.each(PROCESSES)(
    '%s serves /metrics on a port of its own, with the process metrics, in a form promtool accepts',
    async (process) => {
      const url = await system.metricsUrl(process);
      expect(new URL(url).port).not.toBe(new URL(system.url).port);
      const { text, samples } = await scrape(url);
      const names = new Set(samples.map((sample) => sample.name));
      for (const name of [
        'process_cpu_user_seconds_total',
        'process_resident_memory_bytes',
        'nodejs_eventloop_lag_seconds',
      ])
        expect(names).toContain(name);
      if (process === 'gateway') expect(names).toContain('http_requests_total');
      else
        expect(
          samples.some(
            (s) =>
              s.name === 'grpc_server_started_total' &&
              s.labels.grpc_service === SERVICES[process as keyof typeof SERVICES],
          ),
        ).toBe(true);
      expect(await promtoolCheckMetrics(text)).toEqual({ code: 0, output: '' });
    },
  );

  it('never serves metrics on the public REST port', async () => {
    expect((await system.call('GET', '/metrics')).status).toBe(404);
  });

  it('counts each REST call and the gRPC call it makes once, by route template, method, status and gRPC code', async () => {
    const before = { gateway: await samplesOf('gateway'), catalog: await samplesOf('job-catalog') };
    const created = [];
    for (const name of ['one', 'two', 'three']) created.push(await createJob(name));
    expect(created.map((c) => c.status)).toEqual([200, 200, 200]);
    expect((await createJob('')).status).toBe(400);
    for (const { body } of created.slice(0, 2))
      expect((await system.call('GET', `/jobs/${body.id}`, { token })).status).toBe(200);
    expect((await system.call('GET', `/jobs/${randomUUID()}`, { token })).status).toBe(404);
    expect((await system.call('GET', `/no/such/${randomUUID()}`)).status).toBe(404);
    const after = { gateway: await samplesOf('gateway'), catalog: await samplesOf('job-catalog') };
    const delta = (where: 'gateway' | 'catalog', name: string, labels: Record<string, string>) =>
      sampleSum(after[where], name, labels) - sampleSum(before[where], name, labels);

    const rpc = (method: string, code?: string) => ({
      grpc_service: JOBS,
      grpc_method: method,
      grpc_type: 'unary',
      ...(code && { grpc_code: code }),
    });
    // job-catalog's server and the gateway's client see the same calls.
    for (const [where, side] of [
      ['catalog', 'server'],
      ['gateway', 'client'],
    ] as const) {
      const counts = {
        started: delta(where, `grpc_${side}_started_total`, rpc('CreateJob')),
        ok: delta(where, `grpc_${side}_handled_total`, rpc('CreateJob', 'OK')),
        invalid: delta(where, `grpc_${side}_handled_total`, rpc('CreateJob', 'InvalidArgument')),
        timed: delta(where, `grpc_${side}_handling_seconds_count`, rpc('CreateJob')),
        gotten: delta(where, `grpc_${side}_handled_total`, rpc('GetJob', 'OK')),
        missing: delta(where, `grpc_${side}_handled_total`, rpc('GetJob', 'NotFound')),
      };
      expect({ side, ...counts }).toEqual({ side, started: 4, ok: 3, invalid: 1, timed: 4, gotten: 2, missing: 1 });
    }
    const http = (method: string, route: string, status: number) => ({ method, route, status: String(status) });
    expect(delta('gateway', 'http_requests_total', http('POST', '/jobs', 200))).toBe(3);
    expect(delta('gateway', 'http_requests_total', http('POST', '/jobs', 400))).toBe(1);
    expect(delta('gateway', 'http_request_duration_seconds_count', http('POST', '/jobs', 200))).toBe(3);
    expect(delta('gateway', 'http_requests_total', http('GET', '/jobs/{id}', 200))).toBe(2);
    expect(delta('gateway', 'http_requests_total', http('GET', '/jobs/{id}', 404))).toBe(1);
    expect(delta('gateway', 'http_requests_total', http('GET', 'unmatched', 404))).toBe(1);

    // No id, email or path reaches a label, in any process.
    const secrets = [email, ...created.map((c) => c.body.id), 'no/such'];
    for (const process of PROCESSES) {
      const values = (await samplesOf(process)).flatMap((sample) => Object.values(sample.labels));
      expect({ process, leaked: values.filter((value) => secrets.some((secret) => value.includes(secret))) }).toEqual({
        process,
        leaked: [],
      });
    }
  });

  it("counts the services' JWKS fetches from auth on both sides", async () => {
    const getJwks = { grpc_service: 'chrono.auth.v1.AuthService', grpc_method: 'GetJwks', grpc_type: 'unary' };
    // job-catalog verified the tokens above with keys it fetched; a fetch may still be in flight elsewhere.
    await waitFor(
      async () => {
        const clients = await Promise.all(
          ['job-catalog', 'scheduler', 'executor'].map(async (p) =>
            sampleSum(await samplesOf(p), 'grpc_client_handled_total', getJwks),
          ),
        );
        const served = sampleSum(await samplesOf('auth'), 'grpc_server_handled_total', getJwks);
        return clients[0] >= 1 && clients.reduce((a, b) => a + b, 0) === served;
      },
      { what: "auth's GetJwks answers to equal the services' fetches" },
    );
    expect(
      sampleSum(await samplesOf('job-catalog'), 'grpc_client_handled_total', { ...getJwks, grpc_code: 'OK' }),
    ).toBeGreaterThanOrEqual(1);
  });

  it('counts write rate-limit refusals in job-catalog and login lockouts in auth, one per refused call', async () => {
    const before = { catalog: await samplesOf('job-catalog'), auth: await samplesOf('auth') };
    // A user of their own, with a full bucket of 6 writes refilled at 1 a second: writes come faster.
    const other = (await system.signUp('Limited')).access_token;
    let refused = 0;
    for (let attempt = 0; attempt < 40 && refused === 0; attempt++)
      if ((await createJob(`burst ${attempt}`, other)).status === 429) refused++;
    expect(refused).toBe(1);
    // Five wrong passwords lock the email out (LOGIN_MAX_FAILURES); the sixth attempt is refused.
    for (let i = 0; i < 5; i++)
      expect((await system.call('POST', '/auth/login', { body: { email, password: 'wrong-password' } })).status).toBe(
        401,
      );
    expect((await system.call('POST', '/auth/login', { body: { email, password: 'wrong-password' } })).status).toBe(
      429,
    );

    const after = { catalog: await samplesOf('job-catalog'), auth: await samplesOf('auth') };
    const delta = (where: 'catalog' | 'auth', name: string, labels: Record<string, string>) =>
      sampleSum(after[where], name, labels) - sampleSum(before[where], name, labels);
    expect(delta('catalog', 'chrono_rate_limit_refusals_total', { limit: 'writes' })).toBe(1);
    expect(
      delta('catalog', 'grpc_server_handled_total', { grpc_method: 'CreateJob', grpc_code: 'ResourceExhausted' }),
    ).toBe(1);
    expect(delta('auth', 'chrono_rate_limit_refusals_total', { limit: 'login' })).toBe(1);
    expect(delta('auth', 'grpc_server_handled_total', { grpc_method: 'Login', grpc_code: 'Unauthenticated' })).toBe(5);
  });

  it('reports the outbox depth and oldest age of job-catalog and the scheduler, which drain to 0', async () => {
    for (const [process, schema] of [
      ['job-catalog', 'catalog'],
      ['scheduler', 'scheduler'],
    ]) {
      await waitFor(
        async () => {
          const samples = await samplesOf(process);
          const depth = samples.find(
            (s) => s.name === 'chrono_outbox_unpublished_messages' && s.labels.schema === schema,
          );
          const age = samples.find(
            (s) => s.name === 'chrono_outbox_oldest_unpublished_age_seconds' && s.labels.schema === schema,
          );
          return depth?.value === 0 && age?.value === 0;
        },
        { what: `the ${schema} outbox to be reported empty` },
      );
    }
    // Drained, not unused: the jobs created above reached the scheduler through the catalog's outbox
    // (whose sent rows are deleted).
    const [{ scheduled }] = await system.database.query<{ scheduled: number }>(
      'select count(*)::int as scheduled from scheduler.schedules',
    );
    expect(scheduled).toBeGreaterThanOrEqual(3);
  });
});
