import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { eventBatch, eventTypes } from '@chrono/contracts';
import {
  ensureConsumer,
  ensureDatabaseExists,
  ensureStream,
  EnvReader,
  EventConsumer,
  outboxSetAsideSql,
  outboxTraceParentSql,
  outboxTableSql,
  outboxBatchInsertFrom,
  outboxBatchParts,
  OutboxRelay,
  PoisonMessageError,
  readDatabaseSettings,
  type DeliveredMessage,
} from '@chrono/kit';
import { PrivateNats, scratchDatabase, waitFor } from '@chrono/testkit';

const log = pino({ level: 'silent' });

// The relay sending outbox rows of a batched type as EventBatches, and an EventConsumer taking them
// apart again, against the real PostgreSQL and a NATS server of the test's own.
describe('events relayed in batches', () => {
  const database = scratchDatabase();
  const settings = readDatabaseSettings(new EnvReader(database.env));
  let server: PrivateNats;
  let nc: NatsConnection;
  let relay: OutboxRelay | undefined;
  let consumer: EventConsumer | undefined;
  let placeholders = 0;

  beforeAll(async () => {
    server = await PrivateNats.start();
    nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, { name: 'STATES', subjects: ['states.>'], retention: 'limits' });
    await ensureStream(jsm, { name: 'DLQ', subjects: ['deadletter.>'], retention: 'limits' });
    await ensureConsumer(jsm, { stream: 'STATES', durable: 'reader', filterSubjects: ['states.>'], ackWaitMs: 10_000 });
    await ensureDatabaseExists(settings);
    await database.query('create schema batched');
    for (const sql of [
      ...outboxTableSql('batched'),
      ...outboxSetAsideSql('batched'),
      ...outboxTraceParentSql('batched'),
    ])
      await database.query(sql);
  });

  afterAll(async () => {
    await consumer?.stop();
    await relay?.stop();
    await nc?.close();
    await server?.stop();
    await database.drop();
  });

  it('publishes runs of a batched type as one message each and delivers every event in order, a poison one alone to the dead letters', async () => {
    // 40 states, one of them poison, then a row of another type, then 10 more states.
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ type: 'test.State', body: i === 17 ? 'poison' : `s${i}` })),
      { type: 'test.Other', body: 'other' },
      ...Array.from({ length: 10 }, (_, i) => ({ type: 'test.State', body: `s${40 + i}` })),
    ];
    for (const [i, row] of rows.entries())
      await database.query('insert into batched.outbox (id, subject, type, body) values ($1, $2, $3, $4)', [
        randomUUID(),
        `states.job${i}`,
        row.type,
        Buffer.from(row.body),
      ]);

    const seen: string[] = [];
    const sizes: number[] = [];
    const record = (message: DeliveredMessage) => {
      const body = Buffer.from(message.data).toString();
      if (body === 'poison') throw new PoisonMessageError('a poison state');
      seen.push(`${message.type} ${message.subject} ${body}`);
    };
    consumer = new EventConsumer(
      nc.jetstream(),
      {
        stream: 'STATES',
        durable: 'reader',
        deadLetterSubject: 'deadletter.reader',
        maxBatch: 8,
        handleBatch: async (messages) => {
          sizes.push(messages.length);
          messages.forEach(record);
        },
      },
      async (message) => record(message),
      log,
    );
    await consumer.start();
    relay = new OutboxRelay({
      db: settings,
      schema: 'batched',
      nc,
      log,
      pollIntervalMs: 100,
      batchSubjects: { 'test.State': 'states.batch' },
    });
    relay.start();

    const expected = rows
      .map((row, i) => `${row.type} states.job${i} ${row.body}`)
      .filter((line) => !line.endsWith('poison'));
    await waitFor(() => new Set(seen).size >= expected.length, { what: 'every event but the poison one' });
    // The batch with the poison event failed as a whole and went again event by event: the events
    // before the poison one were seen twice, as any redelivered event can be.
    expect([...new Set(seen)]).toEqual(expected);
    // However many events a message carries, the batch handler takes at most maxBatch at a time.
    expect(Math.max(...sizes)).toBe(8);

    const jsm = await nc.jetstreamManager();
    const stored = await jsm.streams.info('STATES');
    expect(stored.state.messages).toBe(3);
    const first = await jsm.streams.getMessage('STATES', { seq: 1 });
    expect([first.subject, first.header.get('Chrono-Type')]).toEqual(['states.batch', eventTypes.eventBatch]);

    const deadLetter = await waitFor(() => jsm.streams.getMessage('DLQ', { seq: 1 }).catch(() => undefined), {
      what: 'the dead letter',
    });
    expect(deadLetter.json()).toMatchObject({
      subject: 'states.job17',
      seq: 1,
      batchIndex: 17,
      error: 'a poison state',
    });
    // Published rows are deleted by the relay's next round.
    await waitFor(async () => (await database.query('select 1 from batched.outbox')).length === 0, {
      what: 'the published rows deleted',
    });
  });

  it('writes the events of exactly the rows a statement changed as EventBatch rows, in order', async () => {
    // A schema of its own, which no relay publishes (and empties).
    await database.query('create schema assembled');
    for (const sql of [
      ...outboxTableSql('assembled'),
      ...outboxSetAsideSql('assembled'),
      ...outboxTraceParentSql('assembled'),
    ])
      await database.query(sql);
    await database.query('create table assembled.items (key text primary key, n int)');
    await database.query("insert into assembled.items values ('a', 0), ('b', 0), ('c', 0), ('d', 0)");
    const keys = ['a', 'b', 'c', 'd', 'zz'];
    const messages = keys.map((key) => ({
      id: randomUUID(),
      subject: `states.${key}`,
      type: 'test.State',
      body: Buffer.from(`state of ${key}`),
    }));
    const parts = outboxBatchParts(messages);
    const written = outboxBatchInsertFrom('assembled', 'states.batch', parts, 'changed');
    // The update returns the part of each row it changed; only b and d change (zz has no row).
    const values = keys.map(() => '(?::text, ?::int, ?::int, ?::bytea)').join(', ');
    const sql = `with changed as (
         update assembled.items i set n = n + 1 from (values ${values}) v(key, ord, chunk, part)
         where i.key = v.key and i.key in ('b', 'd', 'zz') returning i.key, v.ord, v.chunk, v.part),
       written as (${written.sql})
       select key from changed`;
    const rows = await database.query<{ key: string }>(
      sql.replace(/\?/g, () => `$${++placeholders}`),
      [
        ...keys.flatMap((key, i) => [key, parts.events[i].ord, parts.events[i].chunk, parts.events[i].part]),
        ...written.params,
      ],
    );
    expect(rows.map((row) => row.key).sort()).toEqual(['b', 'd']);
    const [row] = await database.query<{ subject: string; type: string; body: Buffer }>(
      'select subject, type, body from assembled.outbox',
    );
    expect([row.subject, row.type]).toEqual(['states.batch', eventTypes.eventBatch]);
    const batch = eventBatch.EventBatch.decode(row.body);
    expect(batch.type).toBe('test.State');
    expect(batch.events.map((event) => [event.subject, event.id, Buffer.from(event.body).toString()])).toEqual([
      ['states.b', messages[1].id, 'state of b'],
      ['states.d', messages[3].id, 'state of d'],
    ]);
  });
});
