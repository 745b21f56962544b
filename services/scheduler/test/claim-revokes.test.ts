import { Client } from 'pg';
import { waitFor } from '@chrono/testkit';
import { REVOKE_CHANNEL } from '../src/store/schedule-store';
import { jobOf, Kind, SchedulerFixture } from './scheduler-fixture';

// A REVOKE takes back the claim a dispatcher holds on a row that changed. It is a NOTIFY round trip,
// so it is sent only when some dispatcher may still hold the claim unfired.
describe('revoking claims', () => {
  let f: SchedulerFixture;
  let listener: Client;
  const revoked: string[] = [];

  beforeAll(async () => {
    // The dispatch record waits a second for company, so an outcome always overtakes it; claims reach
    // 10 s ahead, so a row is held well before it is due.
    f = await SchedulerFixture.start({ EVENT_BATCH_WAIT: '1s', SCHEDULER_LOOKAHEAD: '10s', SCHEDULER_LEASE: '20s' });
    await f.startScheduler();
    const { DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DB_DATABASE } = f.database.env;
    listener = new Client({
      host: DB_HOST,
      port: Number(DB_PORT),
      user: DB_USERNAME,
      password: DB_PASSWORD,
      database: DB_DATABASE,
    });
    await listener.connect();
    listener.on('notification', ({ payload }) => revoked.push(payload ?? ''));
    await listener.query(`listen ${REVOKE_CHANNEL}`);
  });
  afterAll(async () => {
    await listener?.end();
    await f?.close();
  });

  const claimed = async (jobId: string) =>
    (await f.database.query('select 1 from scheduler.schedules where job_id = $1 and lease_owner is not null', [jobId]))
      .length === 1;

  // Cancels a job while its row is claimed, and resolves once the REVOKE for it has arrived.
  const cancelWhileClaimed = async () => {
    const job = jobOf({ scheduledAt: new Date(Date.now() + 8000) });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => claimed(job.id), { what: 'the row claimed' });
    await f.jobEvent(Kind.JOB_EVENT_KIND_CANCELLED, 2, { ...job, status: 'cancelled', isActive: false });
    await waitFor(() => revoked.some((payload) => payload.includes(job.id)), { what: 'a REVOKE for the job' });
    return job;
  };

  it('revokes the claim on a row whose job is cancelled before its run is due', async () => {
    const job = await cancelWhileClaimed();
    expect(f.dispatchesOf(job.id)).toHaveLength(0);
  });

  it('sends none for an outcome that overtakes its dispatch record, and settles the run once', async () => {
    f.succeedAtOnce = true;
    const jobs = Array.from({ length: 5 }, () => jobOf({ scheduledAt: new Date(Date.now() + 3000) }));
    for (const job of jobs) await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(() => jobs.every((job) => f.statesOf(job.id).some((state) => state.status === 'completed')), {
      what: 'every job completed',
    });
    // The outcomes were settled while the rows were still claimed, waiting for their dispatch records.
    const records = await f.database.query<{ dispatched_at: Date | null }>(
      'select dispatched_at from scheduler.schedules where job_id = any($1::uuid[])',
      [jobs.map((job) => job.id)],
    );
    expect(records.map((row) => row.dispatched_at)).toEqual(jobs.map(() => null));
    for (const job of jobs) expect(f.dispatchesOf(job.id)).toHaveLength(1);
    // Listeners get notifications in commit order: once a later REVOKE is in, an earlier one would be too.
    await cancelWhileClaimed();
    expect(revoked.filter((payload) => jobs.some((job) => payload.includes(job.id)))).toEqual([]);
  });
});
