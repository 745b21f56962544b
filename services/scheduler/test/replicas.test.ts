import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// Several replicas on one database: every due run is dispatched exactly once, even when one dies.
describe('scheduler replicas', () => {
  let f: SchedulerFixture;
  afterEach(() => f?.close());

  const countBy = (ids: string[]) =>
    ids.reduce((counts, id) => counts.set(id, (counts.get(id) ?? 0) + 1), new Map<string, number>());

  it('dispatches 2,000 jobs due in the same second exactly once across two replicas', async () => {
    f = await SchedulerFixture.start();
    await f.startScheduler();
    await f.startScheduler();
    const second = Math.ceil((Date.now() + 6000) / 1000) * 1000;
    const jobs = Array.from({ length: 2000 }, (_, i) => jobOf({ scheduledAt: new Date(second + (i % 1000)) }));
    await Promise.all(jobs.map((job) => f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job)));

    await waitFor(() => f.dispatched.length >= 2000, { timeoutMs: 60_000, what: '2,000 dispatches' });
    const counts = countBy(f.dispatched.map((r) => r.jobId));
    expect(counts.size).toBe(2000);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    for (const job of jobs) expect(counts.get(job.id)).toBe(1);
    // And every one is recorded as in flight.
    await waitFor(
      async () =>
        Number(
          (
            await f.database.query<{ n: string }>(
              "select count(*) as n from scheduler.schedules where state = 'dispatched'",
            )
          )[0].n,
        ) === 2000,
      { what: '2,000 rows in flight' },
    );
  });

  it('lets another replica take the rows a killed replica had claimed, once its lease passes', async () => {
    f = await SchedulerFixture.start();
    // A claims far ahead with a short lease, so it holds every row well before they are due.
    const a = await f.startScheduler({ SCHEDULER_ID: 'replica-a', SCHEDULER_LOOKAHEAD: '6s', SCHEDULER_LEASE: '8s' });
    const due = Date.now() + 4000;
    const jobs = Array.from({ length: 50 }, () => jobOf({ scheduledAt: new Date(due) }));
    await Promise.all(jobs.map((job) => f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job)));
    await waitFor(
      async () =>
        Number(
          (
            await f.database.query<{ n: string }>(
              "select count(*) as n from scheduler.schedules where lease_owner = 'replica-a'",
            )
          )[0].n,
        ) === 50,
      { what: 'A to claim all 50' },
    );
    await a.stop('SIGKILL');

    await f.startScheduler({ SCHEDULER_ID: 'replica-b' });
    await waitFor(() => f.dispatched.length >= 50, { timeoutMs: 45_000, what: 'B to dispatch the 50 after the lease' });
    const counts = countBy(f.dispatched.map((r) => r.jobId));
    expect(counts.size).toBe(50);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    // Nothing ran before its time, and B waited for A's lease.
    for (const request of f.dispatched) expect(request.dispatchedAt!.getTime()).toBeGreaterThan(due);
  });

  it('runs a missed job once after a restart, and a recurring job continues on its schedule', async () => {
    f = await SchedulerFixture.start();
    const first = await f.startScheduler();
    const anchor = new Date(Date.now() - 10 * 3_600_000 + 60_000);
    const hourly = jobOf({ type: 'recurring', recurrencePattern: 'hourly', scheduledAt: anchor });
    const once = jobOf({ scheduledAt: new Date(Date.now() + 3_600_000) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, hourly);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, once);
    await waitFor(async () => (await f.database.query('select 1 from scheduler.schedules')).length === 2, {
      what: 'both rows',
    });
    await first.stop('SIGTERM');

    // The downtime: ten hourly runs and the one-time job's time go by.
    await f.database.query('update scheduler.schedules set next_run_at = scheduled_at where job_id = $1', [hourly.id]);
    await f.database.query(
      "update scheduler.schedules set next_run_at = now() - interval '30 minutes' where job_id = $1",
      [once.id],
    );
    await f.startScheduler();

    const [hourlyRun] = await waitFor(() => f.dispatchesOf(hourly.id).length > 0 && f.dispatchesOf(hourly.id), {
      what: 'the missed hourly run',
    });
    await waitFor(() => f.dispatchesOf(once.id).length === 1, { what: 'the missed one-time run' });
    await f.outcome(hourlyRun, true);
    const pending = await waitFor(() => f.statesOf(hourly.id).find((s) => s.status === 'pending' && s.sequence > 1), {
      what: 'the next hourly run',
    });
    expect(pending.nextRunAt!.getTime()).toBeGreaterThan(Date.now());
    expect(pending.nextRunAt!.getTime() - Date.now()).toBeLessThanOrEqual(3_600_000);
    expect((pending.nextRunAt!.getTime() - anchor.getTime()) % 3_600_000).toBe(0);
    expect(f.dispatchesOf(hourly.id)).toHaveLength(1);
    expect(f.dispatchesOf(once.id)).toHaveLength(1);
  });
});
