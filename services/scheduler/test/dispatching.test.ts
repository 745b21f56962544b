import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// One scheduler: jobs are dispatched at their time, once; outcomes decide what follows.
describe('dispatching', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start({ LOST_RUN_GRACE: '1s' });
    await f.startScheduler();
  });
  afterAll(() => f?.close());

  it('dispatches a one-time job at its time, never before, with its payload, target and a Nats-Msg-Id per attempt', async () => {
    const job = jobOf({
      scheduledAt: new Date(Date.now() + 1500),
      payload: { report: 'weekly' },
      target: { http: { url: 'https://example.com/x', headers: {}, body: undefined } },
    });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const [request] = await waitFor(() => f.dispatchesOf(job.id).length > 0 && f.dispatchesOf(job.id), {
      what: 'the dispatch',
    });
    expect(request).toMatchObject({
      jobId: job.id,
      userId: job.userId,
      attempt: 1,
      payload: { report: 'weekly' },
      timeoutMs: 60_000,
      dueAt: job.scheduledAt,
    });
    expect(request.target?.http?.url).toBe('https://example.com/x');
    expect(request.dispatchedAt!.getTime()).toBeGreaterThanOrEqual(job.scheduledAt!.getTime());
    const running = await waitFor(() => f.statesOf(job.id).find((s) => s.status === 'running'), {
      what: 'the running state',
    });
    expect(running.runId).toBe(request.runId);

    await f.outcome(request, true);
    const completed = await waitFor(() => f.statesOf(job.id).find((s) => s.status === 'completed'), {
      what: 'completed',
    });
    expect(completed.sequence).toBeGreaterThan(running.sequence);
    expect(f.dispatchesOf(job.id)).toHaveLength(1);
  });

  it('retries a failure with growing delays, then fails the job when retries run out', async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 500), maxRetries: 2 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    for (let attempt = 1; attempt <= 3; attempt++) {
      const request = await waitFor(() => f.dispatchesOf(job.id).find((r) => r.attempt === attempt), {
        what: `attempt ${attempt}`,
      });
      await f.outcome(request, false);
    }
    const failed = await waitFor(() => f.statesOf(job.id).find((s) => s.status === 'failed'), { what: 'failed' });
    expect(failed.retryCount).toBe(2);
    const [first, second, third] = f.dispatchesOf(job.id);
    // RETRY_DELAY_MS is 200 here: about 200 ms, then about 400 ms (with up to 20% jitter).
    expect(second.dueAt!.getTime() - first.dispatchedAt!.getTime()).toBeGreaterThanOrEqual(160);
    expect(third.dueAt!.getTime() - second.dispatchedAt!.getTime()).toBeGreaterThanOrEqual(320);
    expect(
      f
        .statesOf(job.id)
        .filter((s) => s.status === 'pending')
        .map((s) => s.retryCount),
    ).toEqual([1, 2]);
  });

  it('changes nothing when an outcome is delivered twice', async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 300), maxRetries: 1 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    // Each outcome only once the dispatch is recorded (its `running` state out): an outcome that overtakes
    // the record counts all the same, but then no `running` state is published for that attempt.
    const running = (n: number) =>
      waitFor(() => f.statesOf(job.id).filter((s) => s.status === 'running').length >= n, {
        what: `running state ${n}`,
      });
    const first = await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'attempt 1' });
    await running(1);
    await f.outcome(first, false);
    await f.outcome(first, false);
    const second = await waitFor(() => f.dispatchesOf(job.id).find((r) => r.attempt === 2), { what: 'attempt 2' });
    await running(2);
    await f.outcome(second, true);
    await f.outcome(second, true);
    await waitFor(() => f.statesOf(job.id).some((s) => s.status === 'completed'), { what: 'completed' });
    // Anything the duplicates changed would have been published before the later job's states.
    const later = jobOf({ scheduledAt: new Date(Date.now() + 200) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, later);
    await waitFor(() => f.statesOf(later.id).some((s) => s.status === 'running'), { what: 'a later job running' });
    expect(f.dispatchesOf(job.id).map((r) => r.attempt)).toEqual([1, 2]);
    expect(f.statesOf(job.id).map((s) => s.status)).toEqual(['running', 'pending', 'running', 'completed']);
  });

  it('moves a recurring job to its next occurrence after each run', async () => {
    const anchor = new Date(Date.now() + 1000);
    const job = jobOf({ type: 'recurring', cronExpression: '*/2 * * * * *', scheduledAt: anchor });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const first = await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'run 1' });
    await f.outcome(first, true);
    const second = await waitFor(() => f.dispatchesOf(job.id)[1], { what: 'run 2' });
    expect(second.runId).not.toBe(first.runId);
    expect(second.dueAt!.getTime() - first.dueAt!.getTime()).toBeGreaterThanOrEqual(2000);
    expect(second.dueAt!.getTime() % 2000).toBe(0);
    const pending = f.statesOf(job.id).filter((s) => s.status === 'pending');
    expect(pending.map((s) => s.nextRunAt)).toEqual([first.dueAt, second.dueAt]);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, { ...job, status: 'cancelled' });
  });

  it('never dispatches a cancelled job, and a reschedule brings it back at its new time', async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 1500) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, { ...job, status: 'cancelled' });
    const marker = jobOf({ scheduledAt: new Date(job.scheduledAt!.getTime() + 500) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, marker);
    await waitFor(() => f.dispatchesOf(marker.id).length === 1, { what: 'a job due after the cancelled one' });
    expect(f.dispatchesOf(job.id)).toEqual([]);

    const at = new Date(Date.now() + 500);
    await f.jobEvent(Kind.JOB_EVENT_KIND_RESCHEDULED, 3, { ...job, status: 'pending', scheduledAt: at });
    const request = await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'the rescheduled run' });
    expect(request.dueAt).toEqual(at);
  });

  it("applies a job's events in version order even when they arrive out of order", async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 60_000) });
    const moved = new Date(Date.now() + 800);
    await f.jobEvent(Kind.JOB_EVENT_KIND_UPDATED, 2, { ...job, scheduledAt: moved, payload: { n: 2 } });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    const request = await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'the moved run' });
    expect(request).toMatchObject({ dueAt: moved, payload: { n: 2 } });
  });

  it('counts an attempt without an outcome before its deadline as failed, and retries it', async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 300), timeoutSeconds: 1, maxRetries: 1 });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => f.dispatchesOf(job.id)[0], { what: 'attempt 1' });
    const lost = await waitFor(() => f.lostOutcomes.find((e) => e.jobId === job.id), {
      what: 'the lost attempt',
      timeoutMs: 20_000,
    });
    expect(lost).toMatchObject({
      attempt: 1,
      errorMessage: expect.stringMatching(
        /^no outcome within \d+ s of dispatch \(timeout 1 s\): the executor was lost$/,
      ),
    });
    const retry = await waitFor(() => f.dispatchesOf(job.id).find((r) => r.attempt === 2), { what: 'attempt 2' });
    await f.outcome(retry, true);
    await waitFor(() => f.statesOf(job.id).some((s) => s.status === 'completed'), { what: 'completed' });
  });

  it('completes every job of a burst whose outcomes come back before the dispatches are recorded', async () => {
    f.succeedAtOnce = true;
    try {
      const due = new Date(Date.now() + 1500);
      const jobs = Array.from({ length: 300 }, () => jobOf({ scheduledAt: due }));
      await Promise.all(jobs.map((job) => f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job)));
      await waitFor(() => jobs.every((job) => f.statesOf(job.id).some((s) => s.status === 'completed')), {
        timeoutMs: 30_000,
        what: '300 completed jobs',
      });
      const stuck = await f.database.query(
        "select job_id from scheduler.schedules where state <> 'idle' and job_id = any($1::uuid[])",
        [jobs.map((job) => job.id)],
      );
      expect(stuck).toEqual([]);
      expect(jobs.every((job) => f.dispatchesOf(job.id).length === 1)).toBe(true);
    } finally {
      f.succeedAtOnce = false;
    }
  });

  it('dead-letters a malformed event and goes on', async () => {
    await f.nats.jetstream().publish('jobs.events.not-a-job', new Uint8Array([1, 2, 3]));
    const job = jobOf({ scheduledAt: new Date(Date.now() + 200) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => f.dispatchesOf(job.id).length === 1, { what: 'the job behind the poison message' });
    const dead = await (
      await f.nats.jetstreamManager()
    ).streams.getMessage('DEAD_LETTERS', { last_by_subj: 'deadletter.scheduler-job-events' });
    expect(JSON.parse(new TextDecoder().decode(dead.data))).toMatchObject({
      subject: 'jobs.events.not-a-job',
      error: expect.stringContaining('chrono.events.v1.JobEvent'),
    });
  });
});
