import { jobState } from '@chrono/contracts';
import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// The missed-occurrence sweep: a recurring row left waiting past its time (here: claimed by a replica
// that died, whose lease has not run out) has its doomed occurrences reported missed, once each
// although two replicas sweep, and the run it waited for still happens once the claim comes back.
describe('the missed-occurrence sweep', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start({ MISSED_OCCURRENCE_GRACE: '1s' });
    f.succeedAtOnce = true;
    await f.startScheduler();
    await f.startScheduler();
  });
  afterAll(() => f?.close());

  /** Every occurrence the job's states reported missed, in the order reported (ms). */
  const reportedMissed = (jobId: string) =>
    f
      .statesOf(jobId)
      .flatMap((state) => state.occurrences?.passedOver ?? [])
      .filter((note) => note.outcome === jobState.OccurrenceOutcome.OCCURRENCE_OUTCOME_MISSED)
      .map((note) => note.dueAt!.getTime());

  it('reports each doomed occurrence of an overdue waiting row once, and changes no run', async () => {
    // Every 2 s: between runs the row waits unclaimed for a while (claims reach 1 s ahead).
    const job = jobOf({ type: 'recurring', cronExpression: '*/2 * * * * *', scheduledAt: new Date() });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => f.dispatchesOf(job.id).length >= 1, { timeoutMs: 20_000, what: 'the first run' });
    // A dead replica's claim on the waiting row: nobody may dispatch it until the lease runs out.
    const [held] = await waitFor(
      async () => {
        const rows = await f.database.query<{ next_run_at: Date }>(
          `update scheduler.schedules set lease_owner = 'dead-replica', lease_until = now() + interval '1 hour'
           where job_id = $1 and state = 'scheduled' and (lease_until is null or lease_until < now()) returning next_run_at`,
          [job.id],
        );
        return rows.length > 0 && rows;
      },
      { timeoutMs: 20_000, what: 'an unclaimed waiting row' },
    );
    const waitingFor = new Date(held.next_run_at).getTime();
    const runs = f.dispatchesOf(job.id).length;
    await waitFor(() => reportedMissed(job.id).length >= 3, { timeoutMs: 20_000, what: 'three occurrences missed' });
    const missed = reportedMissed(job.id);
    // Every occurrence after the run it waits for, oldest first, each once; the run itself is not missed.
    expect(missed[0]).toBe(waitingFor + 2000);
    expect(missed.slice(1).map((due, i) => due - missed[i])).toEqual(missed.slice(1).map(() => 2000));
    expect(f.dispatchesOf(job.id).length).toBe(runs);

    // The claim comes back: the run it waited for happens (late), and what the sweep reported is not reported again.
    await f.database.query('update scheduler.schedules set lease_owner = null, lease_until = null where job_id = $1', [
      job.id,
    ]);
    await waitFor(() => f.dispatchesOf(job.id).length >= runs + 2, { timeoutMs: 20_000, what: 'runs after the claim' });
    const late = f.dispatchesOf(job.id)[runs];
    expect(late.occurrenceAt?.getTime()).toBe(waitingFor);
    await waitFor(() => f.statesOf(job.id).some((s) => s.runId === f.dispatchesOf(job.id)[runs + 1].runId), {
      what: 'the state after the late run',
    });
    const all = reportedMissed(job.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all).not.toContain(waitingFor);
  });
});
