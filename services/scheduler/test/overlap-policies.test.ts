import { cancelAttempt, controlSubjects, execution } from '@chrono/contracts';
import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// The scheduler's side of cancel_previous and allow, with the test as the executors: it answers
// only when told, so every run is as slow as the test wants.
describe('overlap policies in the scheduler', () => {
  let f: SchedulerFixture;
  const signals: cancelAttempt.CancelAttempt[] = [];
  beforeAll(async () => {
    f = await SchedulerFixture.start({ LOST_RUN_GRACE: '1s' });
    await f.startScheduler();
    f.nats.subscribe(controlSubjects.cancelAttempt, {
      callback: (_error, message) => signals.push(cancelAttempt.CancelAttempt.decode(message.data)),
    });
  });
  afterAll(() => f?.close());

  const everyTwoSeconds = (overlapPolicy: string, fields = {}) =>
    jobOf({
      type: 'recurring',
      cronExpression: '*/2 * * * * *',
      scheduledAt: new Date(),
      overlapPolicy,
      ...fields,
    });
  const runsInFlight = (jobId: string) =>
    f.database.query<{ run_id: string; attempt: number }>(
      'select run_id, attempt from scheduler.runs_in_flight where job_id = $1',
      [jobId],
    );

  it('cancel_previous: records the attempt cancelled itself, signals it, and dispatches the occurrence due', async () => {
    const job = everyTwoSeconds('cancel_previous');
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const first = await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'the first run' });
    // Nobody answers: at the next occurrence the run gives way, recorded even though no executor acts on it.
    const cancelled = await waitFor(
      () =>
        f.lostOutcomes.find(
          (e) => e.jobId === job.id && e.kind === execution.ExecutionEventKind.EXECUTION_EVENT_KIND_CANCELLED,
        ),
      { what: 'the cancelled attempt', timeoutMs: 15_000 },
    );
    expect(cancelled).toMatchObject({
      runId: first.runId,
      attempt: 1,
      errorMessage: expect.stringContaining('cancel_previous'),
    });
    const second = await waitFor(() => f.dispatchesOf(job.id)[1], { what: 'the next run' });
    expect(second.runId).not.toBe(first.runId);
    expect(second.attempt).toBe(1);
    expect(second.dueAt!.getTime()).toBeGreaterThan(first.dueAt!.getTime());
    expect(second.dispatchedAt!.getTime() - second.dueAt!.getTime()).toBeLessThan(2000);
    await waitFor(() => signals.find((s) => s.runId === first.runId), { what: 'the cancel signal' });
    expect(signals.find((s) => s.runId === first.runId)).toEqual({ jobId: job.id, runId: first.runId, attempt: 1 });
    // The cancelled attempt's late outcome changes nothing: the new run stays in flight.
    await f.outcome(first, true);
    await f.outcome(second, true);
    await waitFor(() => f.dispatchesOf(job.id).length >= 3, { what: 'the run after', timeoutMs: 10_000 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, { ...job, status: 'cancelled' });
  });

  it('allow: runs go on alongside; one apart is retried on failure or when lost, and settled even after a policy change', async () => {
    const job = everyTwoSeconds('allow', { timeoutSeconds: 1, maxRetries: 1 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const [first, second] = await waitFor(() => f.dispatchesOf(job.id).length >= 2 && f.dispatchesOf(job.id), {
      what: 'two runs with the first unanswered',
    });
    expect(second.runId).not.toBe(first.runId);
    expect(second.dueAt!.getTime() - first.dueAt!.getTime()).toBe(2000);

    // The second fails: it is retried apart from the row, as attempt 2 of the same run.
    await f.outcome(second, false);
    const retry = await waitFor(() => f.dispatchesOf(job.id).find((r) => r.runId === second.runId && r.attempt === 2), {
      what: 'the retry of the second run',
      timeoutMs: 10_000,
    });
    await f.outcome(retry, true);
    await waitFor(async () => !(await runsInFlight(job.id)).some((r) => r.run_id === second.runId), {
      what: 'the second run settled',
    });

    // The first never answers: lost by its deadline (timeout 1 s + grace 1 s), then retried, then lost for good.
    const lost = await waitFor(() => f.lostOutcomes.find((e) => e.runId === first.runId && e.attempt === 1), {
      what: 'the first attempt counted lost',
      timeoutMs: 15_000,
    });
    expect(lost.kind).toBe(execution.ExecutionEventKind.EXECUTION_EVENT_KIND_FAILED);
    const retryOfFirst = await waitFor(
      () => f.dispatchesOf(job.id).find((r) => r.runId === first.runId && r.attempt === 2),
      { what: 'the retry of the first run' },
    );
    // The policy changes back to skip meanwhile: the run apart still takes its outcome, and is then dropped.
    await f.jobEvent(Kind.JOB_EVENT_KIND_UPDATED, 2, { ...job, overlapPolicy: 'skip' });
    await f.outcome(retryOfFirst, true);
    await waitFor(async () => !(await runsInFlight(job.id)).some((r) => r.run_id === first.runId), {
      what: 'the first run settled after the update',
    });
    expect(f.lostOutcomes.find((e) => e.runId === first.runId && e.attempt === 2)).toBeUndefined();
    // Every occurrence was dispatched once, whatever the runs before it were doing.
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 3, { ...job, status: 'cancelled' });
    const firstAttempts = f.dispatchesOf(job.id).filter((r) => r.attempt === 1);
    expect(new Set(firstAttempts.map((r) => r.dueAt!.getTime())).size).toBe(firstAttempts.length);
  });
});
