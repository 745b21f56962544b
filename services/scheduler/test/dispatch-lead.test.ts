import { waitFor } from '@chrono/testkit';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// DISPATCH_LEAD: runs due close together are handed to the executors in one round, a little before
// they are due; each still counts as dispatched at its due time (when the executor lets it start).
describe('handing runs over ahead of their time', () => {
  let f: SchedulerFixture;
  beforeAll(async () => {
    f = await SchedulerFixture.start({ DISPATCH_LEAD: '600ms' });
    await f.startScheduler();
  });
  afterAll(() => f?.close());

  it('hands over the runs due within the lead together, before the later ones are due, dispatched at their due times', async () => {
    const first = Date.now() + 3000;
    const jobs = [0, 100, 200].map((offset) => jobOf({ scheduledAt: new Date(first + offset) }));
    for (const job of jobs) await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => jobs.every((job) => f.dispatchesOf(job.id).length === 1), { what: 'the three dispatches' });
    // The timer fires half the lead (300 ms) before the first and takes every run due by 300 ms after it.
    const last = jobs[2];
    expect(f.arrivals.get(last.id)).toBeLessThan(last.scheduledAt!.getTime());
    for (const job of jobs)
      expect(f.dispatchesOf(job.id)[0]).toMatchObject({ dueAt: job.scheduledAt, dispatchedAt: job.scheduledAt });
  });
});
