import { credentials, status } from '@grpc/grpc-js';
import { scheduler } from '@chrono/contracts';
import { GatewayProcess, ServiceProcess, signUp, unary, unaryError, waitFor } from '@chrono/testkit';

import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// PreviewRuns and TriggerNow over gRPC, with tokens from a real auth service.
describe('SchedulerService RPCs', () => {
  let f: SchedulerFixture;
  let auth: ServiceProcess;
  let client: scheduler.SchedulerServiceClient;
  let gateway: GatewayProcess;
  let alice: Record<string, string>;
  let aliceId: string;

  // Small budgets, so that the limits show within a few calls.
  const limits = {
    MAX_RUNS_PER_USER_PER_MINUTE: '2',
    RATE_LIMIT_WRITES_PER_SECOND: '1',
    RATE_LIMIT_WRITE_BURST: '8',
    RATE_LIMIT_PREVIEWS_PER_SECOND: '1',
    RATE_LIMIT_PREVIEW_BURST: '10',
  };
  const userIdOf = (who: Record<string, string>): string =>
    JSON.parse(Buffer.from(who.authorization.split('.')[1], 'base64url').toString()).sub;

  beforeAll(async () => {
    f = await SchedulerFixture.start();
    auth = await ServiceProcess.start('auth', { ...f.database.env, BCRYPT_ROUNDS: '4' });
    const replica = await f.startScheduler({ AUTH_GRPC_URL: auth.address, ...limits });
    client = new scheduler.SchedulerServiceClient(replica.address, credentials.createInsecure());
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: auth.address, SCHEDULER_GRPC_URL: replica.address });
    alice = await signUp(auth.address, 'alice');
    aliceId = userIdOf(alice);
  });
  afterAll(async () => {
    client?.close();
    await gateway?.stop();
    await auth?.stop();
    await f?.close();
  });

  const preview = (request: Partial<scheduler.PreviewRunsRequest>) =>
    unary(client.previewRuns.bind(client), { count: 3, start: undefined, ...request }, alice);
  const previewError = (request: Partial<scheduler.PreviewRunsRequest>) =>
    unaryError(client.previewRuns.bind(client), { count: 3, start: undefined, ...request }, alice);

  it('previews a pattern anchored on start, and a cron expression in a time zone', async () => {
    expect((await preview({ recurrencePattern: 'monthly', start: new Date('2026-01-31T09:00:00Z') })).runs).toEqual([
      new Date('2026-01-31T09:00:00Z'),
      new Date('2026-02-28T09:00:00Z'),
      new Date('2026-03-31T09:00:00Z'),
    ]);
    // Across the spring-forward in New York: 02:30 does not exist on 8 March 2026 and runs at 03:00 EDT.
    expect(
      (
        await preview({
          cronExpression: '30 2 * * *',
          timezone: 'America/New_York',
          start: new Date('2026-03-07T00:00:00Z'),
        })
      ).runs,
    ).toEqual([new Date('2026-03-07T07:30:00Z'), new Date('2026-03-08T07:00:00Z'), new Date('2026-03-09T06:30:00Z')]);
  });

  it.each([
    ['neither pattern nor cron', {}, 'recurrencePattern', /^give a recurrencePattern/],
    ['both', { recurrencePattern: 'daily', cronExpression: '* * * * *' }, 'cronExpression', /not both/],
    [
      'an invalid expression',
      { cronExpression: '99 * * * *' },
      'cronExpression',
      /^cronExpression "99 \* \* \* \*" is invalid/,
    ],
    [
      'an unknown zone',
      { cronExpression: '0 * * * *', timezone: 'Nowhere/City' },
      'timezone',
      /^timezone "Nowhere\/City"/,
    ],
    [
      'count 0',
      { recurrencePattern: 'daily', count: 0 },
      'count',
      /^count must be a whole number from 1 to 100, got 0$/,
    ],
    [
      'count 101',
      { recurrencePattern: 'daily', count: 101 },
      'count',
      /^count must be a whole number from 1 to 100, got 101$/,
    ],
  ])('refuses %s with INVALID_ARGUMENT', async (_case, request, _field, message) => {
    const error = await previewError(request);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toMatch(message);
  });

  it("runs the owner's job now, and only the owner's", async () => {
    const job = jobOf({ userId: aliceId, scheduledAt: new Date(Date.now() + 3_600_000) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const other = jobOf({ scheduledAt: new Date(Date.now() + 3_600_000) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, other);
    await waitFor(
      async () =>
        (await f.database.query('select 1 from scheduler.schedules where job_id in ($1, $2)', [job.id, other.id]))
          .length === 2,
      { what: 'both rows' },
    );

    const triggered = await unary(client.triggerNow.bind(client), { id: job.id }, alice);
    expect(triggered).toMatchObject({ jobId: job.id, runId: expect.any(String) });
    const [request] = await waitFor(() => f.dispatchesOf(job.id).length > 0 && f.dispatchesOf(job.id), {
      what: 'the triggered run',
    });
    expect(request.runId).toBe(triggered.runId);
    const busy = await unaryError(client.triggerNow.bind(client), { id: job.id }, alice);
    expect([busy.code, busy.details]).toEqual([status.FAILED_PRECONDITION, 'a run of this job is in progress']);

    for (const id of [other.id, '00000000-0000-4000-8000-000000000000']) {
      const error = await unaryError(client.triggerNow.bind(client), { id }, alice);
      expect([error.code, error.details]).toEqual([status.NOT_FOUND, 'job not found']);
    }
    expect((await unaryError(client.triggerNow.bind(client), { id: 'nope' }, alice)).code).toBe(
      status.INVALID_ARGUMENT,
    );
    expect((await unaryError(client.triggerNow.bind(client), { id: job.id })).code).toBe(status.UNAUTHENTICATED);
    expect(f.dispatchesOf(other.id)).toEqual([]);
  });

  it('waits for a job whose creation is still on its way from job-catalog', async () => {
    const job = jobOf({ userId: aliceId, scheduledAt: new Date(Date.now() + 3_600_000) });
    // The call goes out before the job's created event is published, as when a client triggers a
    // job the moment CreateJob answers and the outbox has not relayed it yet.
    const triggered = unary(client.triggerNow.bind(client), { id: job.id }, alice);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    expect(await triggered).toMatchObject({ jobId: job.id, runId: expect.any(String) });
    await waitFor(() => f.dispatchesOf(job.id).length > 0, { what: 'the triggered run' });
  });
});
