import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';

/** A statement as the pg driver takes it: with a name, it is prepared once per connection and reused. */
interface PgQuery {
  name?: string;
  text: string;
  values: readonly unknown[];
}

/** The part of a pg client that runSql uses. */
interface PgConnection {
  query(query: PgQuery): Promise<{ rows: unknown[] }>;
}

/** The part of knex's client that hands out connections (a transaction's client always gives its own). */
interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
}

export interface RunSqlOptions {
  /**
   * Prepare the statement on each connection once and reuse it: PostgreSQL then parses and plans it
   * once per connection rather than at every call. Only for a text that is the same at every call (its
   * varying parts passed as arrays, see unnestOf), or each variant would stay prepared on every connection.
   */
  prepared?: boolean;
}

/**
 * Runs `text` (with `?` placeholders) as a parameterized statement on the entity manager's transaction,
 * or on its pool outside one, and resolves to the rows. `em.execute` would write every value into the
 * text itself (quoting and formatting each one), which on the hot paths' multi-row statements cost
 * more CPU than the statement, and made every statement new to PostgreSQL. knex's own `raw` was the
 * next cost on those paths (two passes over the text and a call per value to place the bindings), so
 * the statement goes straight to the driver on knex's connection. `?` always stands for a value here:
 * the statements have no `?`-operators.
 */
export async function runSql<T extends object = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  params: readonly unknown[] = [],
  options: RunSqlOptions = {},
): Promise<T[]> {
  const knex = em.getTransactionContext() ?? em.getConnection().getKnex();
  const source = knex.client as ConnectionSource;
  const connection = await source.acquireConnection();
  try {
    const query = options.prepared
      ? { ...preparedStatement(text), values: params }
      : { text: numberedPlaceholders(text), values: params };
    const result = await connection.query(query);
    return result.rows as T[];
  } finally {
    await source.releaseConnection(connection);
  }
}

/** `?` placeholders as PostgreSQL's `$1, $2, …`. */
export function numberedPlaceholders(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

const prepared = new Map<string, { name: string; text: string }>();

// A statement's name comes from its text, so every process (and every connection) names it alike.
function preparedStatement(text: string): { name: string; text: string } {
  let statement = prepared.get(text);
  if (!statement) {
    statement = {
      name: `chrono_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`,
      text: numberedPlaceholders(text),
    };
    prepared.set(text, statement);
  }
  return statement;
}

/**
 * `unnest(?::t1[], ?::t2[], …)` for the PostgreSQL types given: a set of rows passed as one array per
 * column (unnestColumns), so that a statement over many rows has the same text whatever their number.
 * PostgreSQL parses one array per column rather than a placeholder per value, and the statement can be
 * prepared.
 */
export function unnestOf(types: readonly string[]): string {
  return `unnest(${types.map((type) => `?::${type}[]`).join(', ')})`;
}

/** `rows` (each with `width` values) as one array per column, for unnestOf. */
export function unnestColumns(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, r) => {
    for (let c = 0; c < width; c++) columns[c][r] = row[c];
  });
  return columns;
}

/** The values `row` gives each item, as one array per column (unnestColumns); none for no items. */
export function columnsOf<T>(items: readonly T[], row: (item: T) => unknown[]): unknown[][] {
  const rows = items.map(row);
  return unnestColumns(rows, rows[0]?.length ?? 0);
}

/**
 * The condition that makes a batch statement's writes wait for its CTE `locked`, the rows it locks
 * first in key order: a scalar subquery, which PostgreSQL runs once before the write (a one-time
 * filter). Not `id in (select id from locked)`: on a table whose statistics are stale (just filled) the
 * planner took that join for one row and matched every row against every locked id, and a batch of
 * 5,000 took seconds.
 */
export const AFTER_LOCKED = '(select count(*) from locked) >= 0';
