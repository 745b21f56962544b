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
    // Claims reach 10 s ahead, so a row is held well before it is due.
    f = await SchedulerFixture.start({ SCHEDULER_LOOKAHEAD: '10s', SCHEDULER_LEASE: '20s' });
    await f.startScheduler();
    listener = await connectTo(f.database.env);
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
    // The record locks its rows in id order: held first, so that it waits holding no lock on the other.
    const [held, settled] = [0, 1]
      .map(() => jobOf({ scheduledAt: new Date(Date.now() + 8000) }))
      .sort((a, b) => a.id.localeCompare(b.id));
    for (const job of [held, settled]) await f.jobEvent(Kind.JOB_EVENT_KIND_CREATED, 1, job);
    await waitFor(async () => (await claimed(held.id)) && (await claimed(settled.id)), { what: 'both rows claimed' });
    // The test holds one row's lock: the dispatch record of both runs (one statement) waits for it, while
    // the other run's outcome, which locks only its own row, overtakes the record.
    const blocker = await connectTo(f.database.env);
    await blocker.query('begin');
    await blocker.query('select 1 from scheduler.schedules where job_id = $1 for update', [held.id]);
    try {
      await waitFor(() => f.dispatchesOf(settled.id).length === 1, { what: 'the run dispatched' });
      await f.outcome(f.dispatchesOf(settled.id)[0], true);
      await waitFor(() => f.statesOf(settled.id).some((state) => state.status === 'completed'), {
        what: 'the run settled',
      });
      const [row] = await f.database.query<{ lease_owner: string | null; dispatched_at: Date | null }>(
        'select lease_owner, dispatched_at from scheduler.schedules where job_id = $1',
        [settled.id],
      );
      // Settled while still claimed: the outcome took the claim back, and no record was written.
      expect(row).toEqual({ lease_owner: null, dispatched_at: null });
    } finally {
      await blocker.query('commit');
      await blocker.end();
    }
    await waitFor(
      async () =>
        (
          await f.database.query("select 1 from scheduler.schedules where job_id = $1 and state = 'dispatched'", [
            held.id,
          ])
        ).length === 1,
      { what: 'the held run recorded' },
    );
    // Listeners get notifications in commit order: once a later REVOKE is in, an earlier one would be too.
    await cancelWhileClaimed();
    expect(revoked.filter((payload) => payload.includes(settled.id))).toEqual([]);
    expect(f.dispatchesOf(settled.id)).toHaveLength(1);
  });
});

// A connection of the test's own to the scratch database.
async function connectTo({ DB_HOST, DB_PORT, DB_USERNAME, DB_PASSWORD, DB_DATABASE }: Record<string, string>) {
  const client = new Client({
    host: DB_HOST,
    port: Number(DB_PORT),
    user: DB_USERNAME,
    password: DB_PASSWORD,
    database: DB_DATABASE,
  });
  await client.connect();
  return client;
}
