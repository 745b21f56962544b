import type { EntityManager } from '@mikro-orm/postgresql';

/** The part of a pg client that runSql uses. */
interface PgConnection {
  query(text: string, values: readonly unknown[]): Promise<{ rows: unknown[] }>;
}

/** The part of knex's client that hands out connections (a transaction's client always gives its own). */
interface ConnectionSource {
  acquireConnection(): Promise<PgConnection>;
  releaseConnection(connection: PgConnection): Promise<unknown>;
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
): Promise<T[]> {
  const knex = em.getTransactionContext() ?? em.getConnection().getKnex();
  const source = knex.client as ConnectionSource;
  const connection = await source.acquireConnection();
  try {
    const result = await connection.query(numberedPlaceholders(text), params);
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
