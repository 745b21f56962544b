import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql } from '../database/run-sql';

/** One message to publish once the transaction that wrote it commits. */
export interface OutboxMessage {
  /** A UUID: the Nats-Msg-Id, so a re-publish is dropped by JetStream. */
  id: string;
  subject: string;
  /** The protobuf type name, sent in the `Chrono-Type` header. */
  type: string;
  body: Uint8Array;
}

/**
 * The SQL that creates `<schema>.outbox`, for a service's migration. `id` names a message everywhere;
 * `seq` only keeps the order in which rows were written.
 */
export function outboxTableSql(schema: string): string[] {
  return [
    `create table ${schema}.outbox (
      id uuid primary key,
      seq bigserial not null unique,
      subject text not null,
      type text not null,
      body bytea not null,
      created_at timestamptz not null default now(),
      published_at timestamptz)`,
    `create index outbox_unpublished on ${schema}.outbox (seq) where published_at is null`,
  ];
}

/**
 * The SQL that lets the relay set aside a message it can never publish (a later migration of each
 * service): `set_aside_at` and `set_aside_reason` on the row, which the relay then skips. An operator
 * re-publishes a row by clearing both, or removes it with a delete.
 */
export function outboxSetAsideSql(schema: string): string[] {
  return [
    `alter table ${schema}.outbox add column set_aside_at timestamptz, add column set_aside_reason text`,
    `drop index ${schema}.outbox_unpublished`,
    `create index outbox_unpublished on ${schema}.outbox (seq) where published_at is null and set_aside_at is null`,
    `create index outbox_set_aside on ${schema}.outbox (seq) where set_aside_at is not null`,
  ];
}

/** The NOTIFY channel that wakes the relay of `schema`. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/**
 * Writes messages to `<schema>.outbox` inside the caller's transaction (`em` must be the
 * transaction's entity manager). Call OutboxWakeup.written() once the transaction has committed.
 */
export async function addToOutbox(em: EntityManager, schema: string, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  // One statement for all rows; knex would expand array bindings, so each row gets placeholders of its own.
  await runSql(
    em,
    `insert into ${schema}.outbox (id, subject, type, body) values ${messages.map(() => '(?, ?, ?, ?)').join(', ')}`,
    messages.flatMap((m) => [m.id, m.subject, m.type, Buffer.from(m.body)]),
  );
}

/**
 * The data-modifying CTE that writes each message to `<schema>.outbox` only if its key is among
 * `keyColumn` of the earlier CTE `keysCte` (the rows an update of the same statement changed), in the
 * order given. One statement then changes the rows and writes their messages atomically without a
 * transaction around them, which spares a busy path the BEGIN and COMMIT round trips.
 */
export function outboxInsertForKeys(
  schema: string,
  messages: Array<{ key: string; message: OutboxMessage }>,
  keysCte: string,
  keyColumn: string,
): { sql: string; params: unknown[] } {
  const rows = messages.map(() => '(?::int, ?::text, ?::uuid, ?::text, ?::text, ?::bytea)').join(', ');
  return {
    sql: `insert into ${schema}.outbox (id, subject, type, body)
      select m.id, m.subject, m.type, m.body
      from (values ${rows}) m(ord, key, id, subject, type, body) join ${keysCte} k on k.${keyColumn}::text = lower(m.key)
      order by m.ord`,
    params: messages.flatMap(({ key, message: m }, ord) => [ord, key, m.id, m.subject, m.type, Buffer.from(m.body)]),
  };
}

/** Something that NOTIFYs after a commit; `notifyAfterCommit` of the kit. */
export type Notify = (channel: string, payload: string) => void;

/**
 * Wakes the outbox relays once a transaction that wrote to `<schema>.outbox` has committed: the relay
 * of this process at once, and the other replicas' through at most one NOTIFY every `coalesceMs`
 * (default 10). The NOTIFY is sent outside the writing transaction on purpose: PostgreSQL serialises
 * the commits of notifying transactions, which would cap every write path.
 */
export class OutboxWakeup {
  private pending = false;

  constructor(
    private readonly schema: string,
    private readonly notify: Notify,
    private readonly local?: { wake(): void },
    private readonly coalesceMs = 10,
  ) {}

  written(): void {
    this.local?.wake();
    if (this.pending) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      this.notify(outboxChannel(this.schema), '');
    }, this.coalesceMs).unref();
  }
}
