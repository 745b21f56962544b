import { randomBytes } from 'node:crypto';
import { waitFor } from '@chrono/testkit';
import { OtlpReceiver, type ReceivedSpan } from './support/otlp-receiver';
import { RunningSystem } from './support/running-system';

const SERVICES = ['gateway', 'auth', 'job-catalog', 'scheduler', 'executor'];
const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;

// Every process exports its spans over OTLP/HTTP to a receiver in the test; a client's traceparent on
// the REST calls makes the sign-up and the create one trace, which the job's dispatch, run and
// recording then continue (a one-time job's run is the child of its create).
describe('traces', () => {
  let receiver: OtlpReceiver;
  let system: RunningSystem;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    system = await RunningSystem.start({
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    });
  });
  afterAll(async () => {
    await system?.stop();
    await receiver?.stop();
  });

  it('follows one job from the REST request through every service into its recorded outcome', async () => {
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const email = `traces-${randomBytes(4).toString('hex')}@example.com`;
    const signedUp = await system.call('POST', '/auth/register', {
      body: { email, password: 'long-enough-1', name: 'Traced' },
      headers: { traceparent },
    });
    expect(signedUp.status).toBe(200);
    const token: string = signedUp.body.access_token;
    const created = await system.call('POST', '/jobs', {
      token,
      headers: { traceparent },
      body: { name: 'traced', type: 'one_time', scheduledAt: new Date(Date.now() + 300).toISOString() },
    });
    expect(created.status).toBe(200);
    const jobId: string = created.body.id;
    await waitFor(async () => (await system.call('GET', `/jobs/${jobId}/executions`, { token })).body.total >= 1, {
      timeoutMs: 20_000,
      what: 'the run recorded',
    });

    // Spans are exported in batches every 100 ms, each process on its own: wait until both consumers of the
    // outcome (job-catalog recording it, the scheduler settling it) are among them.
    const named = (spans: ReceivedSpan[], service: string, name: string) =>
      spans.filter((span) => span.service === service && span.name === name);
    const spans = await waitFor(
      () => {
        const trace = receiver.trace(traceId);
        const run = named(trace, 'executor', 'run job')[0];
        const settled =
          run &&
          ['job-catalog', 'scheduler'].every((service) =>
            named(trace, service, 'process EXECUTIONS').some((s) => s.parentSpanId === run.spanId),
          );
        return settled && SERVICES.every((service) => trace.some((span) => span.service === service)) && trace;
      },
      { timeoutMs: 20_000, what: 'the spans of every process in one trace' },
    );

    const [register] = named(spans, 'auth', 'chrono.auth.v1.AuthService/Register');
    const [createRest] = named(spans, 'gateway', 'POST /jobs');
    const [create] = named(spans, 'job-catalog', 'chrono.catalog.v1.JobService/CreateJob');
    const [dispatch] = named(spans, 'scheduler', 'dispatch job');
    const [run] = named(spans, 'executor', 'run job');
    for (const span of [register, createRest, create, dispatch, run]) expect(span).toBeDefined();

    // The REST request, the gateway's gRPC call and job-catalog's handling of it.
    expect(createRest).toMatchObject({
      kind: SERVER,
      attributes: { 'http.route': '/jobs', 'http.response.status_code': 200 },
    });
    const call = spans.find((span) => span.spanId === create.parentSpanId);
    expect(call).toMatchObject({ service: 'gateway', parentSpanId: createRest.spanId });
    // The scheduler took the job's event from the outbox, in the create's trace.
    expect(
      spans.some(
        (s) => s.service === 'scheduler' && s.name === 'process JOB_EVENTS' && s.parentSpanId === create.spanId,
      ),
    ).toBe(true);
    // The dispatch continues the create and links to it; the run is the dispatch's child.
    expect(dispatch).toMatchObject({
      kind: PRODUCER,
      parentSpanId: create.spanId,
      attributes: { 'chrono.job_id': jobId },
    });
    expect(dispatch.links).toEqual([{ traceId, spanId: create.spanId }]);
    expect(run).toMatchObject({
      kind: CONSUMER,
      parentSpanId: dispatch.spanId,
      attributes: { 'chrono.job_id': jobId, 'chrono.outcome': 'succeeded', 'chrono.target_kind': 'default' },
    });
    // job-catalog records the outcome, and the scheduler settles it, in the run's trace.
    expect(named(spans, 'job-catalog', 'process EXECUTIONS').some((s) => s.parentSpanId === run.spanId)).toBe(true);
    expect(named(spans, 'scheduler', 'process EXECUTIONS').some((s) => s.parentSpanId === run.spanId)).toBe(true);

    // Log lines written inside a span carry its ids.
    const createLine = system.printed
      .split('\n')
      .find(
        (line) =>
          line.includes(`"trace_id":"${traceId}"`) && line.includes('"rpc":"chrono.catalog.v1.JobService/CreateJob"'),
      );
    expect(createLine).toContain(`"span_id":"${create.spanId}"`);
  });

  it("starts a trace of its own for each run of a recurring job, linked to the job's create", async () => {
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const token = (await system.signUp('Recurring')).access_token;
    const { body: job } = await system.call('POST', '/jobs', {
      token,
      headers: { traceparent },
      body: {
        name: 'traced hourly',
        type: 'recurring',
        recurrencePattern: 'hourly',
        scheduledAt: new Date(Date.now() + 300).toISOString(),
      },
    });
    const { dispatch, run, create } = await waitFor(
      () => {
        const dispatch = receiver.spans.find(
          (s) => s.name === 'dispatch job' && s.attributes['chrono.job_id'] === job.id,
        );
        const run = dispatch && receiver.spans.find((s) => s.name === 'run job' && s.parentSpanId === dispatch.spanId);
        const create = receiver
          .trace(traceId)
          .find((s) => s.service === 'job-catalog' && s.name === 'chrono.catalog.v1.JobService/CreateJob');
        return run && create && { dispatch, run, create };
      },
      { timeoutMs: 20_000, what: 'the first run of the recurring job traced' },
    );
    // The run's trace begins at the dispatch, a root linked to the create, and the run follows it there.
    expect(dispatch.traceId).not.toBe(traceId);
    expect(dispatch.parentSpanId).toBeUndefined();
    expect(dispatch.links).toEqual([{ traceId, spanId: create.spanId }]);
    expect(run).toMatchObject({ traceId: dispatch.traceId, attributes: { 'chrono.job_id': job.id } });
    await system.call('DELETE', `/jobs/${job.id}`, { token });
  });
});
