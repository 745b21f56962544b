import type { Client } from 'pg';
import type { Logger } from 'pino';
import type { OutboxMessage } from './outbox';

/** A message the relay will never be able to publish, and why. */
export interface SetAsideMessage extends OutboxMessage {
  reason: string;
}

/** Runs one SQL statement in the transaction that sets a message aside (`$1`-style parameters). */
export type SqlRunner = (
  text: string,
  params: unknown[],
) => Promise<{ rows: Array<Record<string, unknown>>; rowCount: number | null }>;

/**
 * What a service does when one of its messages is set aside, in the same transaction: more changes
 * through `sql` (job-catalog fails the job), and messages to write to the outbox in its place, which
 * are published after those already waiting.
 */
export type SetAsideHandler = (message: SetAsideMessage, sql: SqlRunner) => Promise<OutboxMessage[]>;

/**
 * Marks an outbox row as set aside with its reason, in one transaction with what `handler` does about
 * it. When the handler fails, the row is set aside without it (and that is logged), so that a bug in a
 * handler cannot hold the outbox up. Resolves to false when the row was published or set aside already.
 */
export async function setAside(
  client: Client,
  schema: string,
  message: SetAsideMessage,
  handler: SetAsideHandler | undefined,
  log: Logger,
): Promise<boolean> {
  try {
    return await inTransaction(client, schema, message, handler);
  } catch (error) {
    if (!handler) throw error;
    log.error(
      { schema, outboxId: message.id, subject: message.subject, err: error },
      'could not act on a set-aside outbox message; setting it aside without',
    );
    return inTransaction(client, schema, message, undefined);
  }
}

async function inTransaction(
  client: Client,
  schema: string,
  message: SetAsideMessage,
  handler: SetAsideHandler | undefined,
): Promise<boolean> {
  await client.query('begin');
  try {
    const marked = await client.query(
      `update ${schema}.outbox set set_aside_at = now(), set_aside_reason = $2 where id = $1 and published_at is null and set_aside_at is null`,
      [message.id, message.reason],
    );
    if (marked.rowCount === 1 && handler) {
      for (const extra of await handler(message, (text, params) => client.query(text, params))) {
        await client.query(`insert into ${schema}.outbox (id, subject, type, body) values ($1, $2, $3, $4)`, [
          extra.id,
          extra.subject,
          extra.type,
          Buffer.from(extra.body),
        ]);
      }
    }
    await client.query('commit');
    return marked.rowCount === 1;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}
