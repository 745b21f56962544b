import { randomUUID } from 'node:crypto';
import { eventTypes, jobEvent } from '@chrono/contracts';
import { unary, waitFor } from '@chrono/testkit';
import { jobEventsOf, oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';

const Kind = jobEvent.JobEventKind;
const MAX_PAYLOAD = 70_000;

// An event that can never be published (written before MAX_JOB_BYTES existed, say) must not hold up
// the outbox: it is set aside, its job is stopped and marked failed, and the events behind it go out.
describe('an outbox event that can never be published', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture({ MAX_JOB_BYTES: '16384' }, { maxPayload: MAX_PAYLOAD });
  });
  afterAll(() => f?.close());

  it('is set aside and logged with its id and subject; its job is failed with the reason; a stand-in of the same version and the later events are published', async () => {
    const { client, alice } = f;
    const stuck = await unary(client.createJob.bind(client), oneTimeJob({ name: 'stuck' }), alice);
    await waitFor(async () => (await jobEventsOf(f.nats, stuck.id)).length === 1, { what: 'the created event' });

    // Version 2 of the job, as an older job-catalog would have written it: the row and its event in one transaction.
    const outboxId = randomUUID();
    const oversized = { ...stuck, payload: { blob: 'x'.repeat(MAX_PAYLOAD) }, result: undefined };
    const body = jobEvent.JobEvent.encode({
      eventId: outboxId,
      kind: Kind.JOB_EVENT_KIND_UPDATED,
      version: 2,
      occurredAt: new Date(),
      job: oversized,
    }).finish();
    await f.database.query(
      `with bumped as (update catalog.jobs set version = 2 where id = $1 returning id)
       insert into catalog.outbox (id, subject, type, body) select $2, $3, $4, $5 from bumped`,
      [stuck.id, outboxId, `jobs.events.${stuck.id}`, eventTypes.jobEvent, Buffer.from(body)],
    );
    const behind = await unary(client.createJob.bind(client), oneTimeJob({ name: 'behind' }), alice);

    const [row] = await waitFor(
      async () => {
        const rows = await f.database.query<{ set_aside_reason: string | null; published_at: Date | null }>(
          'select set_aside_reason, published_at from catalog.outbox where id = $1',
          [outboxId],
        );
        return rows[0]?.set_aside_reason && rows;
      },
      { what: 'the row set aside' },
    );
    expect(row.published_at).toBeNull();
    expect(row.set_aside_reason).toMatch(
      new RegExp(
        `^the message \\(\\d+ bytes and its headers\\) is larger than the NATS server's max_payload of ${MAX_PAYLOAD} bytes$`,
      ),
    );

    const failed = await unary(client.getJob.bind(client), { id: stuck.id }, alice);
    expect(failed).toMatchObject({ status: 'failed', isActive: false, nextRunAt: undefined });
    expect(failed.errorMessage).toBe(
      `stopped: its latest change could not be delivered to the scheduler (${row.set_aside_reason}); reschedule the job to run it again`,
    );

    const events = await waitFor(
      async () => {
        const found = await jobEventsOf(f.nats, stuck.id);
        return found.length === 2 && found;
      },
      { what: 'the stand-in event' },
    );
    expect(events.map((e) => [e.kind, e.version, e.job?.status])).toEqual([
      [Kind.JOB_EVENT_KIND_CREATED, 1, 'pending'],
      [Kind.JOB_EVENT_KIND_CANCELLED, 2, 'failed'],
    ]);
    expect(events[1].job).toMatchObject({ id: stuck.id, userId: stuck.userId, payload: undefined, target: undefined });
    // The relay publishes after the commit: wait for the event of the job behind rather than read the stream at once.
    const behindEvents = await waitFor(() => jobEventsOf(f.nats, behind.id), {
      until: (found) => found.length > 0,
      what: 'the created event of the job behind',
    });
    expect(behindEvents.map((e) => e.kind)).toEqual([Kind.JOB_EVENT_KIND_CREATED]);

    const logged = f.catalog.logs.split('\n').filter((line) => line.includes('set aside, it can never be published'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0])).toMatchObject({ outboxId, subject: `jobs.events.${stuck.id}`, level: 50 });
    const counted = await f.database.query<{ n: string }>(
      'select count(*) as n from catalog.outbox where set_aside_at is not null',
    );
    expect(counted).toEqual([{ n: '1' }]);
  });

  it('a job rescheduled afterwards runs again: its events go out as usual', async () => {
    const { client, alice } = f;
    const [stopped] = (await unary(client.listJobs.bind(client), { status: 'failed' }, alice)).items;
    const revived = await unary(
      client.rescheduleJob.bind(client),
      { id: stopped.id, scheduledAt: new Date(Date.now() + 3_600_000) },
      alice,
    );
    expect(revived).toMatchObject({ status: 'pending', isActive: true, errorMessage: undefined });
    const events = await waitFor(
      async () => {
        const found = await jobEventsOf(f.nats, stopped.id);
        return found.length === 3 && found;
      },
      { what: 'the reschedule event' },
    );
    expect([events[2].kind, events[2].version, events[2].job?.payload]).toEqual([
      Kind.JOB_EVENT_KIND_RESCHEDULED,
      3,
      stopped.payload,
    ]);
  });
});
