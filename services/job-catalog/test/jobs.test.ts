import { status } from '@grpc/grpc-js';
import { unary, unaryError } from '@chrono/testkit';
import {
  callJobs,
  failJobs,
  oneTimeJob,
  startCatalogFixture,
  type CatalogFixture,
  type JobMethod,
} from './catalog-fixture';

// Every job operation over gRPC, against the real PostgreSQL, NATS and Redis.
describe('job operations', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const call = <Req, Res>(method: JobMethod, request: Req, who = f.alice) =>
    callJobs<Req, Res>(f, method, request, who);
  const fail = <Req>(method: JobMethod, request: Req, who = f.alice) => failJobs(f, method, request, who);
  const create = (overrides = {}, who = f.alice) =>
    unary(f.client.createJob.bind(f.client), oneTimeJob(overrides), who);

  it('creates a one-time job with the fields of the original design', async () => {
    const scheduledAt = new Date('2030-01-20T10:00:00Z');
    const job = await create({ scheduledAt });
    expect(job).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: 'Send Weekly Report',
      description: 'Generate and send weekly analytics report',
      type: 'one_time',
      status: 'pending',
      payload: { reportType: 'analytics', recipients: ['admin@example.com'] },
      scheduledAt,
      retryCount: 0,
      maxRetries: 3,
      nextRunAt: scheduledAt,
      isActive: true,
      userId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      timeoutSeconds: 60,
    });
    expect(job.recurrencePattern).toBeUndefined();
    expect(await call('getJob', { id: job.id })).toEqual({ ...job, stats: expect.any(Object) });
    const bare = await create({ description: undefined });
    expect(bare.description).toBeUndefined();
  });

  it('uses MAX_RETRY_ATTEMPTS when maxRetries is not given, and stores a target (header values masked)', async () => {
    const job = await create({
      maxRetries: undefined,
      target: {
        http: {
          url: 'https://example.com/hook',
          method: 'put',
          headers: { 'x-a': '1' },
          body: { k: 'v' },
          timeoutMs: 500,
        },
      },
    });
    expect(job.maxRetries).toBe(3);
    expect(job.target).toEqual({
      http: {
        url: 'https://example.com/hook',
        method: 'PUT',
        // Header values are stored encrypted and answered masked (see target-secrets.test.ts).
        headers: { 'x-a': '***' },
        body: { k: 'v' },
        timeoutMs: 500,
      },
    });
  });

  it('creates recurring jobs: a pattern anchored in the future runs at its anchor, one in the past at its next occurrence', async () => {
    const future = new Date('2030-01-16T02:00:00Z');
    const daily = await create({
      name: 'Daily Backup',
      type: 'recurring',
      recurrencePattern: 'daily',
      scheduledAt: future,
      maxRetries: 5,
    });
    expect(daily).toMatchObject({ type: 'recurring', recurrencePattern: 'daily', nextRunAt: future, maxRetries: 5 });

    const past = new Date(Date.now() - 10 * 3_600_000 - 60_000);
    const hourly = await create({ type: 'recurring', recurrencePattern: 'hourly', scheduledAt: past });
    const next = hourly.nextRunAt as Date;
    expect(next.getTime()).toBeGreaterThan(Date.now() - 1000);
    expect(next.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect((next.getTime() - past.getTime()) % 3_600_000).toBe(0);
  });

  it('creates a cron job in a time zone', async () => {
    const job = await create({
      type: 'recurring',
      cronExpression: '30 9 * * 1',
      timezone: 'Europe/Berlin',
      scheduledAt: new Date('2030-06-01T00:00:00Z'),
    });
    // 2030-06-03 is a Monday; 09:30 in Berlin summer time is 07:30 UTC.
    expect(job).toMatchObject({
      cronExpression: '30 9 * * 1',
      timezone: 'Europe/Berlin',
      nextRunAt: new Date('2030-06-03T07:30:00Z'),
    });
  });

  it("shows a user only their own jobs: another user's job is NOT_FOUND, exactly like a missing one", async () => {
    const job = await create();
    const foreign = await fail('getJob', { id: job.id }, f.bob);
    const missing = await fail('getJob', { id: '00000000-0000-4000-8000-000000000000' }, f.bob);
    expect([foreign.code, foreign.details]).toEqual([status.NOT_FOUND, 'job not found']);
    expect([missing.code, missing.details]).toEqual([foreign.code, foreign.details]);
    for (const method of ['updateJob', 'cancelJob', 'deleteJob', 'listJobExecutions'] as const) {
      expect((await fail(method, { id: job.id, name: 'x' }, f.bob)).code).toBe(status.NOT_FOUND);
    }
    expect(await call<unknown, object>('getJob', { id: job.id })).toMatchObject({ id: job.id, name: job.name });
  });

  it('refuses calls without a valid token', async () => {
    const error = await unaryError(
      f.client.getJob.bind(f.client),
      { id: '00000000-0000-4000-8000-000000000000' },
      { authorization: 'Bearer not.a.token' },
    );
    expect(error.code).toBe(status.UNAUTHENTICATED);
  });

  it('updates only the fields sent, and moves nextRunAt when the schedule changes', async () => {
    const job = await create();
    const renamed = await call<object, typeof job>('updateJob', { id: job.id, name: 'Updated Job Name' });
    expect(renamed).toMatchObject({
      name: 'Updated Job Name',
      description: job.description,
      payload: job.payload,
      scheduledAt: job.scheduledAt,
      nextRunAt: job.nextRunAt,
    });
    const later = new Date('2031-01-25T10:00:00Z');
    const moved = await call<object, typeof job>('updateJob', { id: job.id, scheduledAt: later });
    expect(moved).toMatchObject({ name: 'Updated Job Name', scheduledAt: later, nextRunAt: later });
    const recurring = await call<object, typeof job>('updateJob', {
      id: job.id,
      type: 'recurring',
      cronExpression: '0 12 * * *',
    });
    expect(recurring).toMatchObject({
      type: 'recurring',
      cronExpression: '0 12 * * *',
      nextRunAt: new Date('2031-01-25T12:00:00Z'),
    });
    const toPattern = await call<object, typeof job>('updateJob', { id: job.id, recurrencePattern: 'monthly' });
    expect(toPattern).toMatchObject({ recurrencePattern: 'monthly', nextRunAt: later });
    expect(toPattern.cronExpression).toBeUndefined();
  });

  it('cancels a job for good; cancelling again changes nothing; a completed job cannot be cancelled', async () => {
    const job = await create();
    const cancelled = await call<object, typeof job>('cancelJob', { id: job.id });
    expect(cancelled).toMatchObject({ status: 'cancelled', isActive: false });
    expect(cancelled.nextRunAt).toBeUndefined();
    expect(await call('cancelJob', { id: job.id })).toEqual(cancelled);

    const done = await create();
    await f.database.query("update catalog.jobs set status = 'completed', is_active = false where id = $1", [done.id]);
    const error = await fail('cancelJob', { id: done.id });
    expect([error.code, error.details]).toEqual([status.FAILED_PRECONDITION, 'a completed job cannot be cancelled']);
  });

  it('reschedules a cancelled job: it becomes pending at its new time', async () => {
    const job = await create();
    await call('cancelJob', { id: job.id });
    const at = new Date('2030-01-30T10:00:00Z');
    const rescheduled = await call<object, typeof job>('rescheduleJob', { id: job.id, scheduledAt: at });
    expect(rescheduled).toMatchObject({
      status: 'pending',
      isActive: true,
      scheduledAt: at,
      nextRunAt: at,
      retryCount: 0,
    });
  });

  it('deletes a job: afterwards every operation on it is NOT_FOUND', async () => {
    const job = await create();
    expect(await call('deleteJob', { id: job.id })).toEqual({});
    for (const method of [
      'getJob',
      'updateJob',
      'cancelJob',
      'rescheduleJob',
      'deleteJob',
      'listJobExecutions',
      'listOccurrences',
    ] as const) {
      expect((await fail(method, { id: job.id, name: 'x', scheduledAt: new Date() })).code).toBe(status.NOT_FOUND);
    }
  });
});
