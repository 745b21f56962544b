import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Runs `text` (with `?` placeholders) as a parameterized statement on the entity manager's transaction,
 * or on its pool outside one, and resolves to the rows. `em.execute` would write every value into the
 * text itself (quoting and formatting each one), which on the hot paths' multi-row statements cost
 * more CPU than the statement, and made every statement new to PostgreSQL.
 */
export async function runSql<T extends object = Record<string, unknown>>(
  em: EntityManager,
  text: string,
  params: readonly unknown[] = [],
): Promise<T[]> {
  const knex = em.getTransactionContext() ?? em.getConnection().getKnex();
  const result = (await knex.raw(text, params)) as { rows: T[] };
  return result.rows;
}
