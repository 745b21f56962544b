import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// job-catalog's stand-in for a lifecycle event it could never publish: a cancellation of the same
// version whose job is `failed` and carries no payload or target (see JobEventKind in job_event.proto).
describe('a stand-in for an undeliverable job event', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start();
    f.succeedAtOnce = true;
    await f.startScheduler();
  });
  afterAll(() => f?.close());

  const standIn = (job: ReturnType<typeof jobOf>) => ({
    ...job,
    status: 'failed',
    isActive: false,
    payload: undefined,
    target: undefined,
  });

  /** Waits until a job due `inMs` from now has been dispatched: anything due before it has had its chance too. */
  async function passTime(inMs: number): Promise<void> {
    const marker = jobOf({ scheduledAt: new Date(Date.now() + inMs) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, marker);
    await waitFor(() => f.dispatchesOf(marker.id).length > 0, { what: 'the marker job' });
  }

  it('stops a recurring job, waits for it when a later version came first, and publishes the final state failed after every earlier one', async () => {
    const job = jobOf({
      type: 'recurring',
      cronExpression: '* * * * * *',
      scheduledAt: new Date(),
      payload: { run: 'every second' },
    });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => f.dispatchesOf(job.id).length >= 2, { what: 'two runs' });

    // Version 3 (a rename) arrives before the stand-in for version 2; it waits for it, then applies on top.
    await f.jobEvent(Kind.JOB_EVENT_KIND_UPDATED, 3, { ...job, name: 'renamed' });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, standIn(job));
    await waitFor(
      async () =>
        (
          await f.database.query<{ job_version: number }>(
            'select job_version from scheduler.schedules where job_id = $1',
            [job.id],
          )
        )[0]?.job_version === 3,
      {
        what: 'versions 2 and 3 applied',
      },
    );

    const failed = await waitFor(() => f.statesOf(job.id).find((state) => state.status === 'failed'), {
      what: 'the final state',
    });
    expect(Math.max(...f.statesOf(job.id).map((state) => state.sequence))).toBe(failed.sequence);
    const [row] = await f.database.query('select state, status, payload from scheduler.schedules where job_id = $1', [
      job.id,
    ]);
    expect(row).toEqual({ state: 'idle', status: 'cancelled', payload: { run: 'every second' } });

    const runs = f.dispatchesOf(job.id).length;
    await passTime(2500);
    expect(f.dispatchesOf(job.id)).toHaveLength(runs);
  });

  it('runs the job again, as it is now, once it is rescheduled', async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 3_600_000), payload: { version: 1 } });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, standIn(job));
    await waitFor(() => f.statesOf(job.id).some((state) => state.status === 'failed'), { what: 'the job stopped' });

    const rescheduled = { ...job, scheduledAt: new Date(Date.now() + 300), payload: { version: 3 } };
    await f.jobEvent(Kind.JOB_EVENT_KIND_RESCHEDULED, 3, { ...rescheduled, nextRunAt: rescheduled.scheduledAt });
    const [request] = await waitFor(() => f.dispatchesOf(job.id).length > 0 && f.dispatchesOf(job.id), {
      what: 'the run after the reschedule',
    });
    expect(request.payload).toEqual({ version: 3 });
  });
});
