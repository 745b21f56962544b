import type { Client } from 'pg';

/** An outbox row as the relay publishes it. */
export interface OutboxRow {
  id: string;
  subject: string;
  type: string;
  body: Buffer;
  traceParent?: string;
}

/**
 * The next `limit` rows to publish, in the order they were written, deleting the rows `sent` (published
 * in the round before) in the same statement: one round trip a round instead of two.
 */
export async function nextRows(client: Client, schema: string, limit: number, sent: string[]): Promise<OutboxRow[]> {
  // The rows deleted in the statement's first part are still in its snapshot: the select leaves them out.
  const { rows } = await client.query<OutboxRow>(
    `with sent as (delete from ${schema}.outbox where id = any($2::uuid[]))
     select id, subject, type, body, trace_parent as "traceParent" from ${schema}.outbox
     where published_at is null and set_aside_at is null and id <> all($2::uuid[]) order by seq limit $1`,
    [limit, sent],
  );
  return rows;
}

/** Deletes the rows `sent` (published). */
export async function deleteRows(client: Client, schema: string, sent: string[]): Promise<void> {
  if (sent.length > 0) await client.query(`delete from ${schema}.outbox where id = any($1::uuid[])`, [sent]);
}

/** Removes the rows an earlier version marked sent (it kept them a day); rows set aside stay until someone deals with them. */
export async function deleteOldSentRows(client: Client, schema: string): Promise<void> {
  await client.query(`delete from ${schema}.outbox where published_at < now() - interval '1 day'`);
}
