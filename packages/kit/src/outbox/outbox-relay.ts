import { Client } from 'pg';
import { headers, type JetStreamClient } from 'nats';
import type { Logger } from 'pino';
import type { DatabaseSettings } from '../config/common-settings';
import { TYPE_HEADER } from '../nats/jetstream';
import { outboxChannel } from './outbox';

export interface OutboxRelayOptions {
  db: DatabaseSettings;
  /** The schema whose `outbox` table is relayed. */
  schema: string;
  js: JetStreamClient;
  log: Logger;
  /** Safety-net poll when no NOTIFY arrives, in ms (default 1000). */
  pollIntervalMs?: number;
  /** Rows published per round (default 500). */
  batchSize?: number;
}

interface OutboxRow {
  id: string;
  subject: string;
  type: string;
  body: Buffer;
}

const CLEANUP_EVERY_MS = 60_000;

/**
 * Publishes `<schema>.outbox` to JetStream in the order rows were written, each with its id as
 * Nats-Msg-Id, then marks them sent. A crash between publish and mark re-publishes the rows, which
 * JetStream drops as duplicates. One replica relays at a time (a PostgreSQL advisory lock held on the
 * relay's own connection), which keeps the order; the others stand by and take over when that
 * connection ends. Writers wake it (OutboxWakeup: in process, or by NOTIFY from another replica);
 * it also polls as a safety net.
 */
export class OutboxRelay {
  private stopped = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  private lastCleanup = 0;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
  }

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.loop;
  }

  /** Publishes now rather than at the next poll (when this replica is the one relaying). */
  wake(): void {
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    const { db, schema, log } = this.options;
    while (!this.stopped) {
      const client = new Client({ host: db.host, port: db.port, user: db.user, password: db.password, database: db.database, connectionTimeoutMillis: 5000 });
      let lost = false;
      client.on('error', () => {
        lost = true;
        this.wakeUp?.();
      });
      try {
        await client.connect();
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [`${schema}:outbox-relay`]);
        if (!rows[0].locked) {
          await this.pause(this.pollIntervalMs * 2);
          continue;
        }
        log.info({ schema }, 'outbox relay active');
        client.on('notification', () => this.wake());
        await client.query(`listen ${outboxChannel(schema)}`);
        while (!this.stopped && !lost) {
          const published = await this.drain(client);
          if (published < this.batchSize) await this.pause(this.pollIntervalMs);
        }
      } catch (error) {
        if (!this.stopped) {
          log.warn({ err: error, schema }, 'outbox relay interrupted; retrying');
          await this.pause(1000);
        }
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  /** Publishes one batch; resolves to the number of rows marked sent. */
  private async drain(client: Client): Promise<number> {
    const { schema } = this.options;
    const { rows } = await client.query<OutboxRow>(`select id, subject, type, body from ${schema}.outbox where published_at is null order by seq limit $1`, [this.batchSize]);
    if (rows.length === 0) return 0;
    // Sent back to back on one connection, so the stream stores them in this order.
    const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
    const firstFailure = results.findIndex((result) => result.status === 'rejected');
    const sent = firstFailure === -1 ? rows : rows.slice(0, firstFailure);
    if (sent.length > 0) await client.query(`update ${schema}.outbox set published_at = now() where id = any($1::uuid[])`, [sent.map((row) => row.id)]);
    if (firstFailure !== -1) throw (results[firstFailure] as PromiseRejectedResult).reason;
    await this.cleanup(client);
    return sent.length;
  }

  private publish(row: OutboxRow) {
    const h = headers();
    h.set(TYPE_HEADER, row.type);
    return this.options.js.publish(row.subject, row.body, { msgID: row.id, headers: h, timeout: 5000 });
  }

  // Sent rows are kept a day for inspection, then removed.
  private async cleanup(client: Client): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await client.query(`delete from ${this.options.schema}.outbox where published_at < now() - interval '1 day'`);
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
