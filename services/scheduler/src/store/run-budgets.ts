import { runSql } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Locks the run budgets of these users for the rest of the transaction (creating the rows of users
 * new to the quota) and reads when each bucket is full again (undefined: never used). Rows are
 * locked in user order, so that two replicas admitting runs cannot deadlock.
 */
export async function lockRunBudgets(em: EntityManager, userIds: string[]): Promise<Map<string, Date | undefined>> {
  if (userIds.length === 0) return new Map();
  const rows = await runSql<{ user_id: string; full_at: string | Date | null }>(
    em,
    `insert into scheduler.run_budgets (user_id) select user_id from unnest(?::uuid[]) as u(user_id) order by user_id
     on conflict (user_id) do update set full_at = scheduler.run_budgets.full_at
     returning user_id, full_at`,
    [`{${[...new Set(userIds)].join(',')}}`],
  );
  return new Map(rows.map((row) => [row.user_id, row.full_at === null ? undefined : new Date(row.full_at)]));
}

/** Writes the users' new `full_at` (their rows are locked by lockRunBudgets). */
export async function saveRunBudgets(em: EntityManager, fullAt: Map<string, Date>): Promise<void> {
  if (fullAt.size === 0) return;
  await runSql(
    em,
    `update scheduler.run_budgets b set full_at = v.full_at
     from (values ${[...fullAt].map(() => '(?::uuid, ?::timestamptz)').join(', ')}) as v(user_id, full_at) where b.user_id = v.user_id`,
    [...fullAt].flat(),
  );
}
