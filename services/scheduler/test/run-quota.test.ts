import { randomUUID } from 'node:crypto';
import { waitFor, type ServiceProcess } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

const PER_MINUTE = 60; // a full bucket of 60 runs, then one a second

// MAX_RUNS_PER_USER_PER_MINUTE on two replicas sharing one database: runs over it are not dropped
// but moved to when the quota lets them start, and each still runs exactly once.
describe('the run quota per user and minute', () => {
  let f: SchedulerFixture;
  const replicas: ServiceProcess[] = [];
  beforeAll(async () => {
    f = await SchedulerFixture.start({ MAX_RUNS_PER_USER_PER_MINUTE: String(PER_MINUTE), SCHEDULER_BATCH_SIZE: '5' });
    replicas.push(await f.startScheduler({ SCHEDULER_ID: 'replica-a' }));
    replicas.push(await f.startScheduler({ SCHEDULER_ID: 'replica-b' }));
    f.succeedAtOnce = true;
  });
  afterAll(() => f?.close());

  it("defers one user's runs past the quota, one interval apart, while another user's run goes on time", async () => {
    const noisy = randomUUID();
    const due = Math.ceil((Date.now() + 4000) / 1000) * 1000;
    const jobs = Array.from({ length: PER_MINUTE + 4 }, () => jobOf({ userId: noisy, scheduledAt: new Date(due) }));
    const quiet = jobOf({ scheduledAt: new Date(due) });
    await Promise.all([...jobs, quiet].map((job) => f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job)));

    await waitFor(() => jobs.every((job) => f.dispatchesOf(job.id).length > 0) && f.dispatchesOf(quiet.id).length > 0, {
      timeoutMs: 30_000,
      what: 'every run, deferred ones included',
    });
    // Each ran once, by whichever replica claimed it; the replicas shared the user's budget.
    for (const job of [...jobs, quiet]) expect(f.dispatchesOf(job.id)).toHaveLength(1);
    const offsets = jobs.map((job) => f.dispatchesOf(job.id)[0].dueAt!.getTime() - due).sort((a, b) => a - b);
    expect(offsets).toEqual([...Array<number>(PER_MINUTE).fill(0), 1000, 2000, 3000, 4000]);
    expect(f.dispatchesOf(quiet.id)[0].dueAt).toEqual(new Date(due));

    // The owner sees it: each deferred job's nextRunAt moved to its new time.
    const deferred = jobs.filter((job) => f.dispatchesOf(job.id)[0].dueAt!.getTime() > due);
    for (const job of deferred) {
      const moved = f.dispatchesOf(job.id)[0].dueAt;
      expect(
        f
          .statesOf(job.id)
          .some((state) => state.status === 'pending' && state.nextRunAt?.getTime() === moved!.getTime()),
      ).toBe(true);
    }
    const logs = replicas.map((replica) => replica.logs).join('\n');
    expect(logs).toContain('runs over the per-minute quota deferred');
    expect(logs).toContain(`"userId":"${noisy}"`);
  });
});
