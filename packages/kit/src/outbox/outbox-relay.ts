import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from 'pg';
import { headers, type JetStreamClient, type NatsConnection } from 'nats';
import type { Logger } from 'pino';
import type { DatabaseSettings } from '../config/common-settings';
import { TYPE_HEADER } from '../nats/jetstream';
import { TRACE_PARENT_HEADER } from '../tracing/trace-parent';
import { eventBatchBytes, groupForPublishing, type EventBatching, type PublishUnit } from '../nats/event-batch';
import { classifyPublishError, type PublishFailure } from '../nats/publish-errors';
import { newDatabaseClient } from '../database/database';
import { outboxChannel } from './outbox';
import { deleteOldSentRows, deleteRows, nextRows, type OutboxRow } from './outbox-rows';
import { setAside, type SetAsideHandler } from './set-aside';

export interface OutboxRelayOptions {
  db: DatabaseSettings;
  /** The schema whose `outbox` table is relayed. */
  schema: string;
  nc: NatsConnection;
  log: Logger;
  /** Safety-net poll when no NOTIFY arrives, in ms (default 1000). */
  pollIntervalMs?: number;
  /** Rows published per round (default 500). */
  batchSize?: number;
  /** Longest wait between tries while publishing fails for a reason that may pass, in ms (default 30 s; the first wait is 500 ms, doubled each time). */
  maxRetryDelayMs?: number;
  /** What the service does, in the same transaction, when one of its messages is set aside. */
  onSetAside?: SetAsideHandler;
  /** How long a wake-up waits for more messages to be written before it publishes, in ms (EVENT_BATCH_WAIT or OUTCOME_BATCH_WAIT; default 0). */
  batchWaitMs?: number;
  /**
   * The types whose consecutive rows go out together in one EventBatch, with the batch's subject
   * (default none: one message a row). Its consumers must be EventConsumers, which unpack batches.
   */
  batchSubjects?: Readonly<Record<string, string>>;
}

/** A publish failed in a way that may pass: the round stops there, to be tried again after a wait. */
class RetryLater extends Error {
  constructor(
    readonly row: OutboxRow,
    readonly failure: PublishFailure,
  ) {
    super(failure.reason);
  }
}

const CLEANUP_EVERY_MS = 60_000;
const FIRST_RETRY_DELAY_MS = 500;
// Rows sent wait at most this long for the next round's select to delete them (see `sent`).
const DELETE_WITHIN_MS = 100;

/**
 * Publishes `<schema>.outbox` to JetStream in the order rows were written, each with its id as
 * Nats-Msg-Id, then deletes them (in the next round's statement, within DELETE_WITHIN_MS). A crash
 * between publish and delete re-publishes the rows: JetStream drops them as duplicates, or, grouped
 * into EventBatches differently, delivers their events again to consumers, which are idempotent. One
 * replica relays at a time (a PostgreSQL advisory lock held on the relay's own connection), which
 * keeps the order; the others stand by and take over when that connection ends. Writers wake it (OutboxWakeup: in process, or by NOTIFY from another replica);
 * it also polls as a safety net.
 *
 * No message holds up the ones behind it: one that can never be published (larger than the server's
 * max_payload, refused by JetStream as malformed) is set aside with its reason, logged once, and the
 * relay goes on; a failure that may pass (no responders, a timeout, a lost connection, a full stream)
 * stops the round and is retried after a wait that doubles up to `maxRetryDelayMs`.
 */
export class OutboxRelay {
  private stopped = false;
  private wakeUp?: () => void;
  private loop?: Promise<void>;
  private lastCleanup = 0;
  private failures = 0;
  /**
   * Rows published and not yet deleted: the next round's select deletes them in the same statement,
   * one round trip instead of two a round. A round follows within DELETE_WITHIN_MS while any wait.
   */
  private sent: string[] = [];
  /** Whether this replica holds the relay's lock and listens for wake-ups (writers elsewhere NOTIFY it); set by the relay alone. */
  relaying = false;
  private readonly js: JetStreamClient;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxRetryDelayMs: number;

  constructor(private readonly options: OutboxRelayOptions) {
    this.js = options.nc.jetstream();
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 500;
    this.maxRetryDelayMs = options.maxRetryDelayMs ?? 30_000;
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
      const client = newDatabaseClient(db);
      let lost = false;
      client.on('error', () => {
        lost = true;
        this.wakeUp?.();
      });
      try {
        await client.connect();
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1)) as locked',
          [`${schema}:outbox-relay`],
        );
        if (!rows[0].locked) {
          await this.pause(this.pollIntervalMs * 2);
          continue;
        }
        const setAsideRows = (
          await client.query<{ n: string }>(`select count(*) as n from ${schema}.outbox where set_aside_at is not null`)
        ).rows[0].n;
        log.info({ schema, setAside: Number(setAsideRows) }, 'outbox relay active');
        client.on('notification', () => this.wake());
        await client.query(`listen ${outboxChannel(schema)}`);
        this.relaying = true;
        while (!this.stopped && !lost) await this.round(client);
        // Stopping, the relay deletes what it sent; a lost connection leaves that to the next one's first round.
        if (!lost) await deleteRows(client, schema, this.sent.splice(0));
      } catch (error) {
        if (!this.stopped) {
          log.warn({ err: error, schema }, 'outbox relay interrupted; retrying');
          await this.pause(1000);
        }
      } finally {
        this.relaying = false;
        await client.end().catch(() => undefined);
      }
    }
  }

  // One batch, then: straight on when there may be more, a poll's pause when not, a backoff after a failure that may pass.
  private async round(client: Client): Promise<void> {
    try {
      const more = await this.drain(client);
      this.failures = 0;
      if (!more) {
        await this.pause(this.sent.length > 0 ? DELETE_WITHIN_MS : this.pollIntervalMs);
        // Writers wake the relay after each commit: let the ones close behind go in the same round.
        if (this.options.batchWaitMs) await sleep(this.options.batchWaitMs);
      }
    } catch (error) {
      if (!(error instanceof RetryLater)) throw error;
      this.failures++;
      const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** Math.min(this.failures - 1, 16), this.maxRetryDelayMs);
      const { row, failure } = error;
      this.options.log.warn(
        {
          schema: this.options.schema,
          outboxId: row.id,
          subject: row.subject,
          reason: failure.reason,
          streamFull: failure.streamFull,
          retryInMs: delay,
        },
        `outbox publish failed, will retry: ${failure.reason}`,
      );
      await this.pause(delay, { wakeable: false });
    }
  }

  /** Publishes one batch; resolves to whether another may be waiting. */
  private async drain(client: Client): Promise<boolean> {
    const { schema, log } = this.options;
    const rows = await nextRows(client, schema, this.batchSize, this.sent);
    this.sent = [];
    if (rows.length === 0) return false;
    const units = groupForPublishing(rows, this.batching);
    // Sent back to back on one connection, so the stream stores them in this order.
    const results = await Promise.allSettled(units.map((unit) => this.publish(unit)));
    const sent: OutboxRow[] = [];
    const hopeless: Array<{ row: OutboxRow; reason: string }> = [];
    let retry: RetryLater | undefined;
    for (const [i, result] of results.entries()) {
      const { events, body } = units[i];
      if (result.status === 'fulfilled') {
        sent.push(...events);
        continue;
      }
      const failure = classifyPublishError(result.reason, body.length, this.options.nc.info?.max_payload);
      if (!failure.permanent) {
        retry = new RetryLater(events[0], failure);
        break;
      }
      hopeless.push(...events.map((row) => ({ row, reason: failure.reason })));
    }
    // Sent rows are deleted, not marked: the stream keeps the messages, and a row marked sent would cost
    // another version of it (and of its indexes) before its delete.
    this.sent = sent.map((row) => row.id);
    for (const { row, reason } of hopeless) {
      if (await setAside(client, schema, { ...row, reason }, this.options.onSetAside, log)) {
        log.error(
          { schema, outboxId: row.id, subject: row.subject, type: row.type, bytes: row.body.length, reason },
          `outbox message ${row.id} on ${row.subject} set aside, it can never be published: ${reason}`,
        );
      }
    }
    if (retry) throw retry;
    await this.cleanup(client);
    return rows.length === this.batchSize || hopeless.length > 0;
  }

  private publish(unit: PublishUnit<OutboxRow>) {
    const h = headers();
    h.set(TYPE_HEADER, unit.type);
    // The writer's trace context goes on, so the consumers' spans join the trace of the request that wrote it.
    if (unit.traceParent) h.set(TRACE_PARENT_HEADER, unit.traceParent);
    return this.js.publish(unit.subject, unit.body, { msgID: unit.msgId, headers: h, timeout: 5000 });
  }

  private get batching(): EventBatching {
    const maxBytes = eventBatchBytes(this.options.nc.info?.max_payload);
    return { subjects: this.options.batchSubjects ?? {}, maxEvents: this.batchSize, maxBytes };
  }

  private async cleanup(client: Client): Promise<void> {
    if (Date.now() - this.lastCleanup < CLEANUP_EVERY_MS) return;
    this.lastCleanup = Date.now();
    await deleteOldSentRows(client, this.options.schema);
  }

  // A wait that stop() always ends, and wake() too unless `wakeable` is false (a backoff is not cut short by new writes).
  private pause(ms: number, { wakeable = true } = {}): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const stopped = () => this.stopped;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = wakeable ? done : () => (stopped() ? done() : undefined);
    });
  }
}
