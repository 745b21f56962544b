import { randomUUID } from 'node:crypto';
import { eventTypes } from '@chrono/contracts';
import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, unnestColumns, unnestOf } from '../database/run-sql';
import { eventBatchParts, groupForPublishing } from '../nats/event-batch';

/** One message to publish once the transaction that wrote it commits. */
export interface OutboxMessage {
  /** A UUID: the Nats-Msg-Id, so a re-publish is dropped by JetStream. */
  id: string;
  subject: string;
  /** The protobuf type name, sent in the `Chrono-Type` header. */
  type: string;
  body: Uint8Array;
  /**
   * The `traceparent` of the span that wrote it, when tracing is on (currentTraceParent()): kept in the
   * row's `trace_parent` column and sent as the message's header, or inside the EventBatch it joins.
   */
  traceParent?: string;
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

/**
 * The SQL that keeps a message's trace context with its row (a later migration of each service):
 * `trace_parent`, null for rows written while tracing is off and for EventBatch rows, whose events
 * carry their own inside.
 */
export function outboxTraceParentSql(schema: string): string[] {
  return [`alter table ${schema}.outbox add column trace_parent text`];
}

/** The NOTIFY channel that wakes the relay of `schema`. */
export function outboxChannel(schema: string): string {
  return `${schema}_outbox`;
}

/** The types a writer puts many to a row, as one EventBatch, with the subject of the batch. */
export type OutboxBatchSubjects = Readonly<Record<string, string>>;

// An EventBatch row stays this small, well within NATS' max_payload (a job's own events may be as big).
const OUTBOX_BATCH_BYTES = 64 * 1024;

/**
 * The rows that carry `messages`: consecutive ones of a type in `batchSubjects` as one EventBatch row
 * (a few, past OUTBOX_BATCH_BYTES), the others one a row. A change of many jobs then costs the outbox,
 * the relay and JetStream a few rows and messages rather than one each.
 */
export function packForOutbox(messages: OutboxMessage[], batchSubjects: OutboxBatchSubjects): OutboxMessage[] {
  return groupForPublishing(messages, {
    subjects: batchSubjects,
    maxEvents: Number.MAX_SAFE_INTEGER,
    maxBytes: OUTBOX_BATCH_BYTES,
  }).map(({ events, subject, type, body }) =>
    events.length === 1 ? events[0] : { id: randomUUID(), subject, type, body },
  );
}

// The outbox row's columns, and their types and values as unnest takes them.
const OUTBOX_COLUMNS = 'id, subject, type, body, trace_parent';
const OUTBOX_TYPES = ['uuid', 'text', 'text', 'bytea', 'text'];
const outboxValues = (m: OutboxMessage): unknown[] => [
  m.id,
  m.subject,
  m.type,
  Buffer.from(m.body),
  m.traceParent ?? null,
];

/**
 * The statement that writes messages to `<schema>.outbox`, those of a type in `batchSubjects` many to a
 * row (packForOutbox). One array per column, so the text is the same (prepared once) for any number
 * of rows. Undefined when there is nothing to write.
 */
function outboxInsert(
  schema: string,
  written: OutboxMessage[],
  batchSubjects: OutboxBatchSubjects = {},
): { sql: string; params: unknown[] } | undefined {
  const messages = packForOutbox(written, batchSubjects);
  if (messages.length === 0) return undefined;
  return {
    sql: `insert into ${schema}.outbox (${OUTBOX_COLUMNS}) select * from ${unnestOf(OUTBOX_TYPES)}`,
    params: unnestColumns(messages.map(outboxValues), OUTBOX_TYPES.length),
  };
}

/**
 * The data-modifying CTE that writes `written` to `<schema>.outbox` as addToOutbox does, but only if
 * `condition` (SQL over the statement's earlier CTEs, with `?` parameters `conditionParams`) holds: a
 * statement that changes rows writes their messages too, one round trip instead of two. Undefined
 * when there is nothing to write.
 */
export function outboxInsertIf(
  schema: string,
  written: OutboxMessage[],
  batchSubjects: OutboxBatchSubjects,
  condition: string,
  conditionParams: unknown[],
): { sql: string; params: unknown[] } | undefined {
  const insert = outboxInsert(schema, written, batchSubjects);
  return insert && { sql: `${insert.sql} where ${condition}`, params: [...insert.params, ...conditionParams] };
}

/**
 * The data-modifying CTE that writes `messages` to `<schema>.outbox`, one a row, each only if its key
 * (`keys[i]`, such as the id of the job it announces) is among the `id`s the earlier CTE `source`
 * returns: a statement that writes rows conditionally (an insert that leaves some out) then writes the
 * messages of exactly the rows it wrote, atomically, with no transaction around it.
 */
export function outboxInsertFor(
  schema: string,
  messages: OutboxMessage[],
  keys: string[],
  source: string,
): { sql: string; params: unknown[] } {
  return {
    sql: `insert into ${schema}.outbox (${OUTBOX_COLUMNS})
      select ${OUTBOX_COLUMNS} from ${unnestOf([...OUTBOX_TYPES, 'uuid'])} m(${OUTBOX_COLUMNS}, key)
      where m.key in (select id from ${source})`,
    params: unnestColumns(
      messages.map((m, i) => [...outboxValues(m), keys[i]]),
      OUTBOX_TYPES.length + 1,
    ),
  };
}

/**
 * Writes messages to `<schema>.outbox` inside the caller's transaction (`em` must be the
 * transaction's entity manager), as outboxInsert packs them.
 * Call OutboxWakeup.written() once the transaction has committed.
 */
export async function addToOutbox(
  em: EntityManager,
  schema: string,
  written: OutboxMessage[],
  batchSubjects: OutboxBatchSubjects = {},
): Promise<void> {
  const insert = outboxInsert(schema, written, batchSubjects);
  if (insert) await runSql(em, insert.sql, insert.params, { prepared: true });
}

/** The events of one type a statement may write many to an outbox row, in the parts it picks from (outboxBatchInsertFrom). */
export interface OutboxBatchParts {
  /** The bytes that start every EventBatch row (they name the type). */
  prefix: Buffer;
  /** Per event, in order: its place, the row it goes in, and its part of that row. */
  events: Array<{ ord: number; chunk: number; part: Buffer }>;
  /** The id of each row (chunk), should it get any event. */
  chunkIds: string[];
}

/** `messages` (all of one type) cut into the parts of EventBatch rows of at most OUTBOX_BATCH_BYTES of events each. */
export function outboxBatchParts(messages: OutboxMessage[]): OutboxBatchParts {
  const { prefix, parts } = eventBatchParts(messages[0]?.type ?? '', messages);
  let chunk = 0;
  let bytes = 0;
  const events = parts.map((part, ord) => {
    if (bytes > 0 && bytes + part.length > OUTBOX_BATCH_BYTES) [chunk, bytes] = [chunk + 1, 0];
    bytes += part.length;
    return { ord, chunk, part: Buffer.from(part) };
  });
  return {
    prefix: Buffer.from(prefix),
    events,
    chunkIds: events.length === 0 ? [] : Array.from({ length: chunk + 1 }, () => randomUUID()),
  };
}

/**
 * The data-modifying CTE that writes to `<schema>.outbox` the events that the earlier CTE `source`
 * returns (columns `ord`, `chunk`, `part` of OutboxBatchParts: typically an update that returns the
 * part of each row it changed), many to a row: EventBatch rows on `batchSubject`, in order. One
 * statement then changes many rows and writes their events atomically, without a transaction around
 * it (sparing a busy path the BEGIN and COMMIT round trips), in a few outbox rows rather than one each.
 * The events come straight from the rows changed, with no join back to the events given (which the
 * planner, knowing nothing of a CTE's size, made a nested loop over every pair).
 */
export function outboxBatchInsertFrom(
  schema: string,
  batchSubject: string,
  { prefix, chunkIds }: OutboxBatchParts,
  source: string,
): { sql: string; params: unknown[] } {
  return {
    sql: `insert into ${schema}.outbox (id, subject, type, body)
      select c.id, ?::text, ?::text, ?::bytea || string_agg(m.part, ''::bytea order by m.ord)
      from ${source} m join ${unnestOf(['int', 'uuid'])} c(chunk, id) on c.chunk = m.chunk
      group by c.chunk, c.id order by c.chunk`,
    params: [batchSubject, eventTypes.eventBatch, prefix, chunkIds.map((_, i) => i), chunkIds],
  };
}

/** Something that NOTIFYs after a commit; `notifyAfterCommit` of the kit. */
export type Notify = (channel: string, payload: string) => void;

/**
 * Wakes the outbox relays once a transaction that wrote to `<schema>.outbox` has committed: the relay
 * of this process at once, and the other replicas' through at most one NOTIFY every `coalesceMs`
 * (default 10). The NOTIFY is sent outside the writing transaction on purpose: PostgreSQL serialises
 * the commits of notifying transactions, which would cap every write path. None is sent while this
 * process's relay is the one relaying: only that one listens, and a NOTIFY wakes every listening
 * backend of the database, for nothing.
 */
export class OutboxWakeup {
  private pending = false;

  constructor(
    private readonly schema: string,
    private readonly notify: Notify,
    private readonly local?: { wake(): void; readonly relaying?: boolean },
    private readonly coalesceMs = 10,
  ) {}

  written(): void {
    this.local?.wake();
    if (this.pending || this.local?.relaying) return;
    this.pending = true;
    setTimeout(() => {
      this.pending = false;
      this.notify(outboxChannel(this.schema), '');
    }, this.coalesceMs).unref();
  }
}
