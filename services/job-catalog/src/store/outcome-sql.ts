import { randomUUID } from 'node:crypto';
import { AFTER_LOCKED, columnsOf, unnestOf } from '@chrono/kit';
import { jsonOrNull } from './job-insert-sql';
import type { AttemptOutcome } from './job-progress-store';
import { upsertAttemptsSql } from './ledger-attempts-sql';

// An attempt's history row, one array per column (unnest): id, job, run, attempt, status, times, error, result.
const HISTORY_TYPES = [
  'uuid',
  'uuid',
  'text',
  'int',
  'text',
  'timestamptz',
  'timestamptz',
  'timestamptz',
  'text',
  'jsonb',
];

/** The history rows of `outcomes` as the outcome statements take them, then whether each succeeded. */
export function outcomeColumns(outcomes: AttemptOutcome[]): unknown[][] {
  return columnsOf(outcomes, (o) => [
    randomUUID(),
    o.jobId,
    o.runId,
    o.attempt,
    o.succeeded ? 'success' : o.cancelled ? 'cancelled' : 'failed',
    o.startedAt,
    o.completedAt,
    o.dueAt ?? null,
    o.errorMessage ?? null,
    jsonOrNull(o.result),
    o.succeeded,
  ]);
}

const INSERT_HISTORY = `insert into catalog.job_executions (id, job_id, run_id, attempt_number, status, started_at, completed_at, due_at, error_message, result, created_at)
  select v.id, v.job_id, v.run_id, v.attempt, v.status, v.started_at, v.completed_at, v.due_at, v.error, v.result, now() from v`;

const OUTCOME_ROWS = `v as (select * from ${unnestOf([...HISTORY_TYPES, 'boolean'])}
  v(id, job_id, run_id, attempt, status, started_at, completed_at, due_at, error, result, succeeded))`;

/**
 * One statement that records outcomes (outcomeColumns, then attemptColumns) of the jobs `jobs` keeps (a
 * condition on `j`, a catalog.jobs row): one history row per (run, attempt), skipping repeats and
 * deleted jobs, then each job's latest result or error and start, its row locked in id order (see
 * LOCKED_IN_ID_ORDER), and the attempts in the occurrence ledger, which thus never shows an occurrence
 * settled before its history lists the attempt; then `result`, a query that may read `inserted` (id,
 * job_id, run_id, attempt_number of the rows written). The ledger's rows are written once the jobs are
 * locked (the subquery on `locked`), the order every writer of both keeps, so that none can deadlock.
 */
function recordOutcomesSql(jobs: string, result: string): string {
  return `with ${OUTCOME_ROWS},
  inserted as (
    ${INSERT_HISTORY} where exists (select 1 from catalog.jobs j where j.id = v.job_id and ${jobs})
    on conflict (run_id, attempt_number) do nothing returning id, job_id, run_id, attempt_number),
  latest as (
    select distinct on (v.job_id) v.job_id, v.completed_at, v.started_at, v.succeeded, v.result, coalesce(v.error, 'failed') as error
    from inserted i join v on v.id = i.id order by v.job_id, v.completed_at desc),
  locked as (select id from catalog.jobs where id = any(array(select job_id from latest)) order by id for no key update),
  updated as (
    update catalog.jobs j set completed_at = l.completed_at, started_at = greatest(j.started_at, l.started_at),
      result = case when l.succeeded then l.result else j.result end,
      error_message = case when l.succeeded then null else l.error end, updated_at = now()
    from latest l
    where j.id = l.job_id and ${AFTER_LOCKED} and (j.completed_at is null or j.completed_at <= l.completed_at)),
  ledger as (${upsertAttemptsSql(`${jobs} and ${AFTER_LOCKED}`)})
  ${result}`;
}

/**
 * What JobProgressStore.recordOutcomes writes for jobs without notifications: no BEGIN and COMMIT
 * round trips and no lookup of notifications on the path every run's outcome takes (five round trips a
 * batch had become one). Returns `job_id` and `recorded` true for each job that got a history row, and
 * `recorded` false for each job of the batch that has notifications: their outcomes are left to
 * NOTIFIED_OUTCOMES_SQL, in the transaction that writes their deliveries.
 */
export const PLAIN_OUTCOMES_SQL = recordOutcomesSql(
  'j.notifications is null',
  `select distinct job_id, true as recorded from inserted
  union all
  select id, false from catalog.jobs where id in (select job_id from v) and notifications is not null`,
);

/** The same for jobs with notifications, returning the history rows written (`id`, `job_id`, `run_id`, `attempt_number`). */
export const NOTIFIED_OUTCOMES_SQL = recordOutcomesSql(
  'true',
  'select id, job_id, run_id, attempt_number from inserted',
);
