import { status } from '@grpc/grpc-js';
import type { catalog, jobService } from '@chrono/contracts';
import { jobEvent } from '@chrono/contracts';
import { waitFor } from '@chrono/testkit';
import {
  callJobs,
  failJobs,
  jobEventsOf,
  oneTimeJob,
  startCatalogFixture,
  type CatalogFixture,
  type JobMethod,
} from './catalog-fixture';

const Kind = jobEvent.JobEventKind;
const HOUR = { seconds: 3600, nanos: 0 };

// PauseJob, ResumeJob and the catch-up window over gRPC, and the lifecycle events they publish.
describe('pausing and resuming jobs', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const call = <Res = catalog.Job>(method: JobMethod, request: object, who = f.alice) =>
    callJobs<object, Res>(f, method, request, who);
  const fail = (method: JobMethod, request: object) => failJobs(f, method, request);
  const create = (overrides: Partial<jobService.CreateJobRequest> = {}) => call('createJob', oneTimeJob(overrides));
  const kindsOf = async (id: string, count: number) =>
    waitFor(
      async () => {
        const kinds = (await jobEventsOf(f.nats, id)).map((event) => event.kind);
        return kinds.length >= count && kinds;
      },
      { what: `${count} events of job ${id}` },
    );

  it('pauses a job (idempotently) and resumes it (idempotently), one event each', async () => {
    const job = await create({ catchUpWindow: HOUR });
    expect(job.catchUpWindow).toEqual(HOUR);
    const paused = await call('pauseJob', { id: job.id });
    expect(paused).toMatchObject({ status: 'paused', isActive: true, nextRunAt: undefined, catchUpWindow: HOUR });
    expect(await call('pauseJob', { id: job.id })).toEqual(paused);
    const resumed = await call('resumeJob', { id: job.id });
    expect(resumed).toMatchObject({ status: 'pending', isActive: true, nextRunAt: job.scheduledAt });
    expect(await call('resumeJob', { id: job.id })).toEqual(resumed);
    expect(await kindsOf(job.id, 3)).toEqual([
      Kind.JOB_EVENT_KIND_CREATED,
      Kind.JOB_EVENT_KIND_PAUSED,
      Kind.JOB_EVENT_KIND_RESUMED,
    ]);
  });

  it('refuses to pause a cancelled job, and cancels and deletes a paused one', async () => {
    const cancelled = await create();
    await call('cancelJob', { id: cancelled.id });
    const refused = await fail('pauseJob', { id: cancelled.id });
    expect([refused.code, refused.details]).toEqual([
      status.FAILED_PRECONDITION,
      'a cancelled job cannot be paused: only a pending or running job can (reschedule it first)',
    ]);
    const paused = await create();
    await call('pauseJob', { id: paused.id });
    expect(await call('cancelJob', { id: paused.id })).toMatchObject({ status: 'cancelled', isActive: false });
    const deleted = await create();
    await call('pauseJob', { id: deleted.id });
    await call('deleteJob', { id: deleted.id });
    expect((await fail('getJob', { id: deleted.id })).code).toBe(status.NOT_FOUND);
  });

  it("keeps a paused job paused when it is rescheduled or updated, and hides another user's job", async () => {
    const job = await create();
    await call('pauseJob', { id: job.id });
    const at = new Date(Date.now() + 7_200_000);
    expect(await call('rescheduleJob', { id: job.id, scheduledAt: at })).toMatchObject({
      status: 'paused',
      scheduledAt: at,
      nextRunAt: undefined,
    });
    const updated = await call('updateJob', { id: job.id, catchUpWindow: { seconds: 90, nanos: 0 } });
    expect(updated).toMatchObject({ status: 'paused', nextRunAt: undefined, catchUpWindow: { seconds: 90, nanos: 0 } });
    expect((await failJobs(f, 'resumeJob', { id: job.id }, f.bob)).code).toBe(status.NOT_FOUND);
  });

  it('lists paused jobs with status=paused', async () => {
    const paused = await create({ name: 'listed paused' });
    await call('pauseJob', { id: paused.id });
    const pending = await create({ name: 'listed pending' });
    const page = await call<jobService.ListJobsResponse>('listJobs', { status: 'paused', limit: 100 });
    const ids = page.items.map((item) => item.id);
    expect(ids).toContain(paused.id);
    expect(ids).not.toContain(pending.id);
    expect(page.items.every((item) => item.status === 'paused')).toBe(true);
  });

  it.each([
    [{ seconds: -1, nanos: 0 }, 'catchUpWindow must not be negative, got -1s'],
    [{ seconds: 8 * 86_400, nanos: 0 }, 'catchUpWindow must be at most 7 days (604800s), got 691200s'],
  ])('refuses the catch-up window %p on create and update, naming catchUpWindow', async (window, message) => {
    const created = await fail('createJob', oneTimeJob({ catchUpWindow: window }));
    expect([created.code, created.details]).toEqual([status.INVALID_ARGUMENT, message]);
    const job = await create();
    const updated = await fail('updateJob', { id: job.id, catchUpWindow: window });
    expect([updated.code, updated.details]).toEqual([status.INVALID_ARGUMENT, message]);
  });
});
