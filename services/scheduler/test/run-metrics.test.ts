import type { ServiceProcess } from '@chrono/testkit';
import { sampleSum, scrape, waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// What the scheduler counts of runs: each dispatch's lateness, each retry, each lost attempt, once.
describe('run metrics of the scheduler', () => {
  let f: SchedulerFixture;
  let scheduler: ServiceProcess;
  beforeAll(async () => {
    f = await SchedulerFixture.start({ LOST_RUN_GRACE: '1s' });
    scheduler = await f.startScheduler();
  });
  afterAll(() => f?.close());

  const metric = async (name: string) => sampleSum((await scrape(await scheduler.metricsUrl())).samples, name);

  it('has the retry and lost-run counters at 0 from start-up', async () => {
    const { samples } = await scrape(await scheduler.metricsUrl());
    for (const name of ['chrono_retries_total', 'chrono_lost_runs_total'])
      expect(samples.some((sample) => sample.name === name)).toBe(true);
  });

  it('counts a failed attempt retried, a lost attempt retried, and every dispatch', async () => {
    const before = {
      retries: await metric('chrono_retries_total'),
      lost: await metric('chrono_lost_runs_total'),
      dispatches: await metric('chrono_dispatch_lateness_seconds_count'),
    };
    const failing = jobOf({ scheduledAt: new Date(Date.now() + 300), maxRetries: 1 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, failing);
    await f.outcome(await waitFor(() => f.dispatchesOf(failing.id)[0], { what: 'attempt 1' }), false);
    await f.outcome(await waitFor(() => f.dispatchesOf(failing.id)[1], { what: 'attempt 2' }), true);

    const silent = jobOf({ scheduledAt: new Date(Date.now() + 300), timeoutSeconds: 1, maxRetries: 1 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, silent);
    const retry = await waitFor(() => f.dispatchesOf(silent.id).find((r) => r.attempt === 2), {
      what: 'the retry of the lost attempt',
      timeoutMs: 20_000,
    });
    await f.outcome(retry, true);
    await waitFor(() => f.statesOf(silent.id).some((s) => s.status === 'completed'), { what: 'completed' });

    await waitFor(async () => (await metric('chrono_dispatch_lateness_seconds_count')) === before.dispatches + 4, {
      what: 'four dispatches observed',
    });
    expect(await metric('chrono_retries_total')).toBe(before.retries + 2);
    expect(await metric('chrono_lost_runs_total')).toBe(before.lost + 1);
  });

  it('reports the jobs scheduled and the runs due within a minute, at each scrape', async () => {
    const before = {
      scheduled: await metric('chrono_jobs_scheduled'),
      soon: await metric('chrono_jobs_due_next_minute'),
    };
    const soon = jobOf({ scheduledAt: new Date(Date.now() + 40_000) });
    const later = jobOf({ scheduledAt: new Date(Date.now() + 7_200_000) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, soon);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, later);
    await waitFor(async () => (await metric('chrono_jobs_scheduled')) === before.scheduled + 2, {
      what: 'two more jobs scheduled',
    });
    expect(await metric('chrono_jobs_due_next_minute')).toBe(before.soon + 1);
    expect(await metric('chrono_jobs_overdue')).toBe(0);
    for (const job of [soon, later])
      await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, { ...job, status: 'cancelled' });
    await waitFor(async () => (await metric('chrono_jobs_scheduled')) === before.scheduled, {
      what: 'the cancelled jobs no longer scheduled',
    });
  });
});
