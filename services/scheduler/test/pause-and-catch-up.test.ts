import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// A job that runs every second, and a control job beside it whose runs show that time went by.
const everySecond = (overrides = {}) =>
  jobOf({ type: 'recurring', cronExpression: '* * * * * *', scheduledAt: new Date(), ...overrides });

// The scheduler's side of PauseJob and ResumeJob: the test plays job-catalog and a fast executor.
describe('a paused job in the scheduler', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start();
    f.succeedAtOnce = true;
    await f.startScheduler();
  });
  afterAll(() => f?.close());

  const runsOf = (jobId: string) => f.dispatchesOf(jobId).length;
  // Waits until the control job has run `count` more times: that many of its (and the other job's) seconds went by.
  const controlRuns = async (controlId: string, count: number) => {
    const target = runsOf(controlId) + count;
    await waitFor(() => runsOf(controlId) >= target, { timeoutMs: 20_000, what: `${count} more control runs` });
  };

  /** Creates the job and a control job, lets the job run once, pauses it and waits out `seconds` of its occurrences. */
  async function pausedFor(seconds: number, overrides = {}) {
    const job = everySecond(overrides);
    const control = everySecond();
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, control);
    await waitFor(() => runsOf(job.id) >= 1, { timeoutMs: 20_000, what: 'the first run' });
    await f.jobEvent(Kind.JOB_EVENT_KIND_PAUSED, 2, { ...job, status: 'paused', nextRunAt: undefined });
    // A run handed out before the pause applied may still come; two control runs later the pause holds.
    await controlRuns(control.id, 2);
    const before = runsOf(job.id);
    await controlRuns(control.id, seconds);
    expect(runsOf(job.id)).toBe(before);
    const resumedAt = new Date();
    await f.jobEvent(Kind.JOB_EVENT_KIND_RESUMED, 3, { ...job, status: 'pending' });
    return { job, control, before, resumedAt };
  }

  it('dispatches nothing while paused, then, without a catch-up window, runs once now and goes on', async () => {
    const { job, before, resumedAt } = await pausedFor(3);
    await waitFor(() => runsOf(job.id) >= before + 3, { timeoutMs: 20_000, what: 'runs after the resume' });
    const after = f.dispatchesOf(job.id).slice(before);
    // No missed occurrence is replayed: the first run is due at the resume, then one a second.
    expect(after.every((run) => run.dueAt!.getTime() >= resumedAt.getTime())).toBe(true);
    expect(after[1].dueAt!.getTime() - after[0].dueAt!.getTime()).toBeLessThanOrEqual(1000);
    // States leave through the outbox relay, after the commit: wait for the pending one rather than look at once.
    await waitFor(() => f.statesOf(job.id).some((state) => state.status === 'pending'), {
      what: 'a pending state after the resume',
    });
  });

  it('runs the occurrences missed within the catch-up window, oldest first, then goes on', async () => {
    // A window far wider than the pause, so that a slow machine settling each catch-up run late
    // cannot push a missed occurrence out of it (the unit tests of catch-up.ts cut windows short).
    const windowMs = 60_000;
    const { job, before, resumedAt } = await pausedFor(4, { catchUpWindow: { seconds: windowMs / 1000, nanos: 0 } });
    const lastBefore = f.dispatchesOf(job.id)[before - 1].dueAt!.getTime();
    await waitFor(() => runsOf(job.id) >= before + 6, { timeoutMs: 20_000, what: 'catch-up runs' });
    const dues = f
      .dispatchesOf(job.id)
      .slice(before)
      .map((run) => run.dueAt!.getTime());
    const missed = dues.filter((due) => due < resumedAt.getTime());
    // Every second from the one after the last run before the pause (or the one after, when a run was
    // in flight as it landed) up to the resume: at least the 4 + 2 the control job counted, in order.
    expect(missed.length).toBeGreaterThanOrEqual(5);
    expect(missed[0] - lastBefore).toBeLessThanOrEqual(2000);
    expect(missed.slice(1).map((due, i) => due - missed[i])).toEqual(missed.slice(1).map(() => 1000));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
  });
});
