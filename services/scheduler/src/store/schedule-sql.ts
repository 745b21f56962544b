import { outboxInsertIf, unnestColumns, unnestOf, type OutboxMessage } from '@chrono/kit';
import type { Schedule } from '../domain/schedule';
import { BATCH_SUBJECTS } from '../events/messages';
import { SCHEDULE_COLUMNS, SCHEDULE_TYPES, scheduleRowColumns, toValues } from './schedule-columns';

/*
 * The statements every run takes, each with one text whatever the number of rows (keys and rows go
 * as arrays), so that each connection prepares it once and PostgreSQL plans it once.
 */

/**
 * Locks the rows of the job ids given (`?::uuid[]`) in id order, reading each and whether it is claimed.
 * Unlike the others here it runs unprepared (see ScheduleStore.changeMany): planned at each call.
 */
export const LOCK_SCHEDULES_SQL = `select ${scheduleRowColumns()}, (lease_until is not null and lease_until > now()) as leased
  from scheduler.schedules where job_id = any(?::uuid[]) order by job_id for update`;

const assignments = SCHEDULE_COLUMNS.filter((c) => c !== 'job_id')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

/**
 * Writes rows (one array per column of SCHEDULE_COLUMNS), unless the stored one comes from a newer
 * job version; a write takes back any claim and counts as a change. Returns the rows written.
 */
const UPSERT_SCHEDULES_SQL = `insert into scheduler.schedules (${SCHEDULE_COLUMNS.join(', ')})
  select * from ${unnestOf(SCHEDULE_TYPES)}
  on conflict (job_id) do update set ${assignments}, lease_owner = null, lease_until = null, updated_at = now(),
    change_count = scheduler.schedules.change_count + 1
  where scheduler.schedules.job_version <= excluded.job_version returning job_id, change_count`;

/**
 * UPSERT_SCHEDULES_SQL for the rows `next`, writing `messages` to the outbox in the same statement when
 * it wrote every row (the usual case: one round trip less). When the version guard left a row out, it
 * writes no message: the caller writes those of the rows kept.
 */
export function upsertSchedulesSql(next: Schedule[], messages: OutboxMessage[]): { sql: string; params: unknown[] } {
  const rows = unnestColumns(next.map(toValues), SCHEDULE_TYPES.length);
  const outbox = outboxInsertIf('scheduler', messages, BATCH_SUBJECTS, '(select count(*) from saved) = ?', [
    next.length,
  ]);
  if (!outbox) return { sql: UPSERT_SCHEDULES_SQL, params: rows };
  return {
    sql: `with saved as (${UPSERT_SCHEDULES_SQL}), written as (${outbox.sql}) select job_id, change_count from saved`,
    params: [...rows, ...outbox.params],
  };
}

/** Claims up to `?` (3rd) rows due within `?` (1st, ms) for owner `?` (4th), for `?` (5th, ms); earliest first, skipping locked rows. */
export const CLAIM_DUE_SQL = `with due as (
    select job_id from scheduler.schedules
    where state = 'scheduled' and next_run_at <= now() + (? * interval '1 millisecond') and (lease_until is null or lease_until < now())
    order by next_run_at limit ? for update skip locked)
  update scheduler.schedules s set lease_owner = ?, lease_until = now() + (? * interval '1 millisecond')
  from due where s.job_id = due.job_id returning ${scheduleRowColumns('s')}`;
