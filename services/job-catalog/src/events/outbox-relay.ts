import { Client } from 'pg';
import { catalog, eventTypes, jobEvent, topology } from '@chrono/contracts';
import { TYPE_HEADER, type DatabaseSettings, type JetStreamClient, type Logger } from '@chrono/kit';
import { headers } from 'nats';

export interface OutboxRelayOptions {
  /** Safety-net poll when no NOTIFY arrives, in ms (OUTBOX_POLL_INTERVAL, 1 s). */
  pollIntervalMs: number;
  /** Rows published per round (OUTBOX_BATCH_SIZE, 500). */
  batchSize: number;
}

interface OutboxRow {
  id: string;
  job_id: string;
  kind: number;
  version: number;
  job: Buffer;
  created_at: Date;
}

const LOCK = 'catalog:outbox-relay';
const CLEANUP_EVERY_MS = 60_000;

/**
 * Publishes the outbox to JetStream in insertion order, each row with its id (a UUID) as Nats-Msg-Id, then
 * marks it sent. A crash between publish and mark re-publishes the row, which JetStream drops as a
 * duplicate. One replica relays at a time (a PostgreSQL advisory lock held on the relay's own
 * connection), which keeps each job's events in order; the others stand by and take over when that
 * connection ends. It wakes on NOTIFY from the writing transaction and polls as a safety net.
 */
export class OutboxRelay {
  private stopped = false;
  private wake?: () => void;
  private loop?: Promise<void>;
  private lastCleanup = 0;

  constructor(private readonly db: DatabaseSettings, private readonly js: JetStreamClient, private readonly log: Logger, private readonly options: OutboxRelayOptions) {}

  start(): void {
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const client = new Client({ host: this.db.host, port: this.db.port, user: this.db.user, password: this.db.password, database: this.db.database, connectionTimeoutMillis: 5000 });
      let lost = false;
      client.on('error', () => {
        lost = true;
        this.wake?.();
      });
      try {
        await client.connect();
        const { rows } = await client.query<{ locked: boolean }>('select pg_try_advisory_lock(hashtext($1)) as locked', [LOCK]);
        if (!rows[0].locked) {
          await this.pause(this.options.pollIntervalMs * 2);
          continue;
        }
        this.log.info('outbox relay active');
        client.on('notification', () => this.wake?.());
        await client.query('listen catalog_outbox');
        while (!this.stopped && !lost) {
          const published = await this.drain(client);
          if (published < this.options.batchSize) await this.pause(this.options.pollIntervalMs);
        }
      } catch (error) {
        if (!this.stopped) {
          this.log.warn({ err: error }, 'outbox relay interrupted; retrying');
          await this.pause(1000);
        }
      } finally {
        await client.end().catch(() => undefined);
      }
    }
  }

  /** Publishes one batch; resolves to the number of rows marked sent. */
  private async drain(client: Client): Promise<number> {
    const { rows } = await client.query<OutboxRow>(
      'select id, job_id, kind, version, job, created_at from catalog.outbox where published_at is null order by seq limit $1',
      [this.options.batchSize],
    );
    if (rows.length === 0) return 0;
    // Sent back to back on one connection, so the stream stores them in this order.
    const results = await Promise.allSettled(rows.map((row) => this.publish(row)));
    const firstFailure = results.findIndex((result) => result.status === 'rejected');
    const sent = firstFailure === -1 ? rows : rows.slice(0, firstFailure);
    if (sent.length > 0) await client.query('update catalog.outbox set published_at = now() where id = any($1::uuid[])', [sent.map((row) => row.id)]);
    if (firstFailure !== -1) throw (results[firstFailure] as PromiseRejectedResult).reason;
    await this.cleanup(client);
    return sent.length;
  }

  private publish(row: OutboxRow) {
    const body = jobEvent.JobEvent.encode({ eventId: row.id, kind: row.kind, version: row.version, occurredAt: row.created_at, job: catalog.Job.decode(row.job) }).finish();
    const h = headers();
    h.set(TYPE_HEADER, eventTypes.jobEvent);
    return this.js.publish(`${topology.jobEvents.subjectPrefix}.${row.job_id}`, body, { msgID: row.id, headers: h, timeout: 5000 });
  }

  private async cleanup(client: Client): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await client.query("delete from catalog.outbox where published_at < now() - interval '1 day'");
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
