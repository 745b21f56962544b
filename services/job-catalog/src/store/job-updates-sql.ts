import { AFTER_LOCKED, unnestOf } from '@chrono/kit';

/**
 * A CTE `locked` that locks the jobs whose ids are its parameter (an array) in id order. Every statement
 * here that changes several jobs takes their locks so first (NO KEY UPDATE, the lock an update takes,
 * which leaves the key-share locks of history rows' foreign keys free): the outcome and state consumers run
 * batches side by side, and two updates locking overlapping jobs in their own orders deadlocked (each
 * tie costing a second, PostgreSQL's deadlock_timeout, and the batch then going one event at a time).
 */
export const LOCKED_IN_ID_ORDER =
  'locked as (select id from catalog.jobs where id = any(?::uuid[]) order by id for no key update)';

/** Each job's latest start (parameters: the job ids, then the ids and start times as arrays), unless a later one is known. */
export const RECORD_STARTED_SQL = `with ${LOCKED_IN_ID_ORDER}
  update catalog.jobs j set started_at = v.started_at, updated_at = now()
  from ${unnestOf(['uuid', 'timestamptz'])} v(id, started_at)
  where j.id = v.id and ${AFTER_LOCKED} and (j.started_at is null or j.started_at < v.started_at)`;

/**
 * The scheduler's states (parameters: the job ids, then id, status, next run, retry count, is_active and
 * sequence as arrays), each unless a newer one was applied or the job is cancelled or paused (see applyStates).
 */
export const APPLY_STATES_SQL = `with ${LOCKED_IN_ID_ORDER}
  update catalog.jobs j set status = v.status, next_run_at = v.next_run_at, retry_count = v.retry_count, is_active = v.is_active, state_sequence = v.sequence, updated_at = now()
  from ${unnestOf(['uuid', 'text', 'timestamptz', 'int', 'boolean', 'int'])} v(id, status, next_run_at, retry_count, is_active, sequence)
  where j.id = v.id and ${AFTER_LOCKED} and j.state_sequence < v.sequence and j.status <> 'cancelled'
    and (j.status <> 'paused' or v.status in ('completed', 'failed'))`;
