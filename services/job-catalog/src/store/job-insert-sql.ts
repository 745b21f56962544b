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

/** Inserts new jobs, one array per column (insertJobsParams): the same text for any number of jobs, prepared once. */
export const INSERT_JOBS_SQL = `insert into catalog.jobs (${Object.keys(COLUMN_TYPES).join(', ')})
  select * from ${unnestOf(Object.values(COLUMN_TYPES))}`;

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/** The values of INSERT_JOBS_SQL for `jobs`, in its column order. */
export function insertJobsParams(jobs: readonly Job[]): unknown[][] {
  return columnsOf(jobs, (job) => [
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
    json(job.target),
    job.timeoutSeconds,
    job.catchUpWindowMs,
    job.overlapPolicy,
    json(job.notifications),
    job.maxRetries,
    job.retryCount,
    job.nextRunAt ?? null,
    job.isActive,
    job.version,
    job.stateSequence,
    job.createdAt,
    job.updatedAt,
  ]);
}
