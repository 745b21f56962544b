import { credentials } from '@grpc/grpc-js';
import { Client } from 'pg';
import { jobEvent, jobService } from '@chrono/contracts';
import { unary, waitFor } from '@chrono/testkit';
import { jobEventsOf, oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';

const Kind = jobEvent.JobEventKind;

// Every change of a job becomes one event on JOB_EVENTS, in order, even across crashes.
describe('the outbox', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  it('publishes every change of a job, in order, with increasing versions and the job as it became', async () => {
    const { client, alice } = f;
    const job = await unary(client.createJob.bind(client), oneTimeJob(), alice);
    await unary(
      client.updateJob.bind(client),
      jobService.UpdateJobRequest.fromPartial({ id: job.id, name: 'renamed' }),
      alice,
    );
    await unary(client.cancelJob.bind(client), { id: job.id }, alice);
    await unary(
      client.rescheduleJob.bind(client),
      { id: job.id, scheduledAt: new Date('2030-01-01T00:00:00Z') },
      alice,
    );
    await unary(client.deleteJob.bind(client), { id: job.id }, alice);

    const events = await waitFor(
      async () => {
        const found = await jobEventsOf(f.nats, job.id);
        return found.length >= 5 && found;
      },
      { what: 'five events' },
    );
    expect(events.map((e) => [e.kind, e.version, e.job?.status])).toEqual([
      [Kind.JOB_EVENT_KIND_CREATED, 1, 'pending'],
      [Kind.JOB_EVENT_KIND_UPDATED, 2, 'pending'],
      [Kind.JOB_EVENT_KIND_CANCELLED, 3, 'cancelled'],
      [Kind.JOB_EVENT_KIND_RESCHEDULED, 4, 'pending'],
      [Kind.JOB_EVENT_KIND_DELETED, 5, 'pending'],
    ]);
    expect(events[1].job?.name).toBe('renamed');
    expect(new Set(events.map((e) => e.eventId)).size).toBe(5);
  });

  it('loses nothing when the service dies between commit and publish, and a re-publish is dropped', async () => {
    // Stop the first catalog, then hold the relay's lock ourselves: a new catalog commits jobs but cannot publish them.
    // First its relay's next round deletes what it published (a kill before would leave those rows to publish again).
    await waitFor(async () => (await f.database.query('select 1 from catalog.outbox')).length === 0, {
      what: 'the outbox empty',
    });
    await f.catalog.stop('SIGKILL');
    const lock = new Client({ ...pgSettings(f.database.env) });
    await lock.connect();
    await lock.query("select pg_advisory_lock(hashtext('catalog:outbox-relay'))");

    const blocked = await f.startCatalog();
    const client = new jobService.JobServiceClient(blocked.address, credentials.createInsecure());
    const ids: string[] = [];
    for (let i = 0; i < 30; i++)
      ids.push((await unary(client.createJob.bind(client), oneTimeJob({ name: `crash-${i}` }), f.alice)).id);
    client.close();
    const subjects = ids.map((id) => `jobs.events.${id}`);
    const unsent = await f.database.query<{ n: string }>(
      'select count(*) as n from catalog.outbox where published_at is null and subject = any($1::text[])',
      [subjects],
    );
    expect(Number(unsent[0].n)).toBe(30);
    expect(await jobEventsOf(f.nats, ids[0])).toEqual([]);

    // A copy of the rows, to put them back once they are sent (and deleted).
    await f.database.query(
      'create table sent_rows as select * from catalog.outbox where published_at is null and subject = any($1::text[])',
      [subjects],
    );
    await blocked.stop('SIGKILL');
    await lock.end();
    await f.startCatalog();
    await waitFor(
      async () => {
        const rows = await f.database.query<{ n: string }>(
          'select count(*) as n from catalog.outbox where published_at is null',
        );
        return Number(rows[0].n) === 0;
      },
      { what: 'the outbox to drain after the restart' },
    );
    for (const id of ids)
      expect((await jobEventsOf(f.nats, id)).map((e) => [e.kind, e.version])).toEqual([
        [Kind.JOB_EVENT_KIND_CREATED, 1],
      ]);

    // As if the relay crashed after publishing but before deleting: the rows go out again, and JetStream drops them.
    await f.database.query(
      'insert into catalog.outbox (id, subject, type, body) select id, subject, type, body from sent_rows order by seq',
    );
    await waitFor(
      async () =>
        Number(
          (
            await f.database.query<{ n: string }>('select count(*) as n from catalog.outbox where published_at is null')
          )[0].n,
        ) === 0,
      { what: 're-publish' },
    );
    for (const id of ids) expect(await jobEventsOf(f.nats, id)).toHaveLength(1);
  });
});

function pgSettings(env: Record<string, string>) {
  return {
    host: env.DB_HOST,
    port: Number(env.DB_PORT),
    user: env.DB_USERNAME,
    password: env.DB_PASSWORD,
    database: env.DB_DATABASE,
  };
}
