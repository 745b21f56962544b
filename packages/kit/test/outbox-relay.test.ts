import { randomUUID } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import {
  ensureDatabaseExists,
  ensureStream,
  EnvReader,
  openDatabase,
  outboxSetAsideSql,
  outboxTraceParentSql,
  outboxTableSql,
  OutboxRelay,
  type OutboxRelayOptions,
  OutboxWakeup,
  readDatabaseSettings,
  type MikroORM,
  type SetAsideHandler,
} from '@chrono/kit';
import { PrivateNats, scratchDatabase, waitFor } from '@chrono/testkit';

const MAX_PAYLOAD = 8192;

interface LogLine {
  level: number;
  msg: string;
  outboxId?: string;
  subject?: string;
  reason?: string;
  retryInMs?: number;
}

// The relay against the real PostgreSQL and a NATS of the test's own whose max_payload is 8 KiB: rows
// are written straight into the outbox table, as a bug or an older version could have left them.
describe('the outbox relay', () => {
  const database = scratchDatabase();
  const settings = readDatabaseSettings(new EnvReader(database.env));
  let server: PrivateNats;
  let nc: NatsConnection;
  let orm: MikroORM;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    server = await PrivateNats.start({ maxPayload: MAX_PAYLOAD });
    nc = await connect({ servers: server.url });
    await ensureStream(await nc.jetstreamManager(), { name: 'RELAYED', subjects: ['relayed.>'], retention: 'limits' });
    await ensureDatabaseExists(settings);
    orm = await openDatabase({
      settings,
      schema: 'public',
      entities: [],
      migrations: [],
      log: pino({ level: 'silent' }),
    });
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await orm?.close();
    await nc?.close();
    await server?.stop();
    await database.drop();
  });

  /** A schema with an outbox table as the services' migrations make it, and a relay on it logging into `lines`. */
  async function relayOn(schema: string, options: Partial<OutboxRelayOptions> = {}) {
    await database.query(`create schema ${schema}`);
    for (const sql of [...outboxTableSql(schema), ...outboxSetAsideSql(schema), ...outboxTraceParentSql(schema)])
      await database.query(sql);
    const lines: LogLine[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as LogLine) });
    const relay = new OutboxRelay({ db: settings, schema, nc, log, pollIntervalMs: 100, ...options });
    relays.push(relay);
    return { lines, relay, start: () => relay.start() };
  }

  const insert = (schema: string, subject: string, bytes: number) => {
    const id = randomUUID();
    return database
      .query(`insert into ${schema}.outbox (id, subject, type, body) values ($1, $2, 'test.Message', $3)`, [
        id,
        subject,
        Buffer.alloc(bytes, 7),
      ])
      .then(() => id);
  };
  const rowsOf = (schema: string) =>
    database.query<{ id: string; published: boolean; set_aside: boolean; set_aside_reason: string | null }>(
      `select id, published_at is not null as published, set_aside_at is not null as set_aside, set_aside_reason from ${schema}.outbox order by seq`,
    );
  /** The Nats-Msg-Ids stored under a subject prefix, in stream order. */
  const storedIds = async (prefix: string): Promise<string[]> => {
    const jsm = await nc.jetstreamManager();
    const { state } = await jsm.streams.info('RELAYED');
    const ids: string[] = [];
    for (let seq = state.first_seq; seq <= state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage('RELAYED', { seq });
      if (msg.subject.startsWith(prefix)) ids.push(msg.header.get('Nats-Msg-Id'));
    }
    return ids;
  };

  it('sets aside a row larger than max_payload, logs it once with its id and subject, and publishes the rows behind it', async () => {
    const written: string[] = [];
    const onSetAside: SetAsideHandler = async (message, sql) => {
      // Runs in the transaction that sets the row aside, and may put a message in its place.
      await sql('create table if not exists public.handled (id uuid primary key)', []);
      await sql('insert into public.handled (id) values ($1)', [message.id]);
      const id = randomUUID();
      written.push(id);
      return [{ id, subject: 'relayed.big.standin', type: 'test.StandIn', body: Buffer.from('small') }];
    };
    const { lines, start } = await relayOn('too_big', { onSetAside });
    const first = await insert('too_big', 'relayed.big.1', 100);
    const big = await insert('too_big', 'relayed.big.2', MAX_PAYLOAD + 1);
    const third = await insert('too_big', 'relayed.big.3', 100);
    start();

    // Published rows are deleted; the one set aside stays.
    const rows = await waitFor(
      async () => {
        const found = await rowsOf('too_big');
        return found.length === 1 && found[0].set_aside && found;
      },
      { what: 'every row published or set aside' },
    );
    expect(rows.map((row) => [row.id, row.published, row.set_aside])).toEqual([[big, false, true]]);
    expect(rows[0].set_aside_reason).toBe(
      `the message (${MAX_PAYLOAD + 1} bytes and its headers) is larger than the NATS server's max_payload of ${MAX_PAYLOAD} bytes`,
    );
    expect(await storedIds('relayed.big.')).toEqual([first, third, written[0]]);
    expect(await database.query('select id from public.handled')).toEqual([{ id: big }]);
    const setAsideLines = lines.filter((line) => line.level === 50 && /set aside/.test(line.msg));
    expect(setAsideLines.map((line) => [line.outboxId, line.subject])).toEqual([[big, 'relayed.big.2']]);
  });

  it('sets a row aside even when the handler fails, so that a bug there cannot hold the outbox up', async () => {
    const { start } = await relayOn('handler_fails', {
      onSetAside: async () => Promise.reject(new Error('handler bug')),
    });
    const big = await insert('handler_fails', 'relayed.failing.1', MAX_PAYLOAD * 2);
    const next = await insert('handler_fails', 'relayed.failing.2', 10);
    start();
    const rows = await waitFor(
      async () => {
        const found = await rowsOf('handler_fails');
        return found.length === 1 && found[0].set_aside && found;
      },
      { what: 'both rows handled' },
    );
    expect(rows.map((row) => [row.id, row.published, row.set_aside])).toEqual([[big, false, true]]);
    expect(await storedIds('relayed.failing.')).toEqual([next]);
  });

  it('backs off while a failure may pass (no stream for the subject yet), keeps the order, and publishes once it passes', async () => {
    const { lines, start } = await relayOn('transient', { maxRetryDelayMs: 1000 });
    const waiting = await insert('transient', 'later.1', 10);
    const behind = await insert('transient', 'later.2', 10);
    start();
    const retries = await waitFor(
      () => {
        const found = lines.filter((line) => line.retryInMs !== undefined);
        return found.length >= 3 && found;
      },
      { what: 'three retries' },
    );
    // 500 ms, then doubled, never past OUTBOX_RETRY_MAX_DELAY (1 s here); each names the row that waits.
    expect(retries.slice(0, 3).map((line) => line.retryInMs)).toEqual([500, 1000, 1000]);
    expect(
      retries.every((line) => line.outboxId === waiting && line.subject === 'later.1' && /503/.test(line.reason ?? '')),
    ).toBe(true);
    expect((await rowsOf('transient')).map((row) => [row.published, row.set_aside])).toEqual([
      [false, false],
      [false, false],
    ]);

    await ensureStream(await nc.jetstreamManager(), { name: 'LATER', subjects: ['later.>'], retention: 'limits' });
    await waitFor(async () => (await rowsOf('transient')).length === 0, { what: 'both rows published (and deleted)' });
    const jsm = await nc.jetstreamManager();
    const stored = [
      await jsm.streams.getMessage('LATER', { seq: 1 }),
      await jsm.streams.getMessage('LATER', { seq: 2 }),
    ];
    expect(stored.map((msg) => msg.header.get('Nats-Msg-Id'))).toEqual([waiting, behind]);
  });
  it('deletes the rows it published soon after, though no poll or write comes for a minute', async () => {
    const { start } = await relayOn('deleted_after', { pollIntervalMs: 60_000 });
    const ids = [await insert('deleted_after', 'relayed.after.1', 10)];
    start();
    // The round after the one that published them deletes them, within 100 ms, not at the next poll.
    await waitFor(async () => (await rowsOf('deleted_after')).length === 0, {
      what: 'the published rows deleted',
      timeoutMs: 10_000,
    });
    expect(await storedIds('relayed.after.')).toEqual(ids);
  });

  it('lets writers beside the active relay skip the NOTIFY, which only the active relay listens for', async () => {
    const { relay: active, start } = await relayOn('wakeups');
    start();
    await waitFor(() => active.relaying, { what: 'the first relay to take the lock' });
    // A second replica's relay on the same schema stands by without the lock.
    const standby = new OutboxRelay({
      db: settings,
      schema: 'wakeups',
      nc,
      log: pino({ level: 'silent' }),
      pollIntervalMs: 100,
    });
    relays.push(standby);
    standby.start();
    const notified: string[] = [];
    const notify = (channel: string) => notified.push(channel);
    new OutboxWakeup('wakeups', notify, active, 0).written();
    new OutboxWakeup('wakeups', notify, standby, 0).written();
    await waitFor(() => notified.length > 0, { what: "the standby's writer to NOTIFY" });
    expect(standby.relaying).toBe(false);
    // One NOTIFY, from the standby's writer; a row it wrote reaches the stream through the active relay.
    expect(notified).toEqual(['wakeups_outbox']);
    const id = await insert('wakeups', 'relayed.wakeups', 10);
    await waitFor(async () => (await storedIds('relayed.wakeups')).includes(id), { what: 'the row relayed' });
  });
});
