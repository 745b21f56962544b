import { columnsOf, unnestOf } from '@chrono/kit';
import type { Job } from '../domain/job';

// The columns a new job has, with their PostgreSQL types; the ones only runs set (started_at,
// completed_at, error_message, result) start null.
const COLUMN_TYPES = {
  id: 'uuid',
  user_id: 'uuid',
  name: 'text',
  description: 'text',
  type: 'text',
  status: 'text',
  payload: 'jsonb',
  scheduled_at: 'timestamptz',
  recurrence_pattern: 'text',
  cron_expression: 'text',
  timezone: 'text',
  target: 'jsonb',
  timeout_seconds: 'int',
  catch_up_window_ms: 'int',
  overlap_policy: 'text',
  notifications: 'jsonb',
  max_retries: 'int',
  retry_count: 'int',
  next_run_at: 'timestamptz',
  is_active: 'boolean',
  version: 'int',
  state_sequence: 'int',
  created_at: 'timestamptz',
  updated_at: 'timestamptz',
} as const;

const COLUMNS = Object.keys(COLUMN_TYPES).join(', ');

/**
 * New jobs as rows `v`, each with the caller that asked for it (`caller`, in order of arrival) and the
 * most active jobs its owner may have (`max_active`), from one array per column (newJobsParams): the
 * same text for any number of jobs, prepared once.
 */
export const NEW_JOBS_SQL = `select * from ${unnestOf([...Object.values(COLUMN_TYPES), 'int', 'int'])} v(${COLUMNS}, caller, max_active)`;

/** Inserts into catalog.jobs the rows of `source` (with NEW_JOBS_SQL's columns) that `condition` keeps. */
export function insertJobsFrom(source: string, condition: string): string {
  return `insert into catalog.jobs (${COLUMNS}) select ${COLUMNS} from ${source} where ${condition}`;
}

/** A jsonb value as the driver sends it: JSON text, or null for none. */
export const jsonOrNull = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** A new job, the caller that asked for it, and the most active jobs its owner may have. */
export interface NewJob {
  job: Job;
  caller: number;
  maxActive: number;
}

/** The values of NEW_JOBS_SQL for the new jobs, in its column order. */
export function newJobsParams(jobs: readonly NewJob[]): unknown[][] {
  return columnsOf(jobs, ({ job, caller, maxActive }) => [
    job.id,
    job.userId,
    job.name,
    job.description ?? null,
    job.type,
    job.status,
    JSON.stringify(job.payload),
    job.scheduledAt,
    job.recurrencePattern ?? null,
    job.cronExpression ?? null,
    job.timezone ?? null,
    jsonOrNull(job.target),
    job.timeoutSeconds,
    job.catchUpWindowMs,
    job.overlapPolicy,
    jsonOrNull(job.notifications),
    job.maxRetries,
    job.retryCount,
    job.nextRunAt ?? null,
    job.isActive,
    job.version,
    job.stateSequence,
    job.createdAt,
    job.updatedAt,
    caller,
    maxActive,
  ]);
}
