import { EntitySchema } from '@mikro-orm/core';
import type { Job, JobExecution } from '../domain/job';

const timestamp = (fieldName: string, nullable = false) =>
  ({ type: 'Date', columnType: 'timestamptz', fieldName, nullable }) as const;

/** The catalog.jobs table. */
export const JobEntity = new EntitySchema<Job>({
  name: 'Job',
  tableName: 'jobs',
  properties: {
    id: { type: 'uuid', primary: true },
    userId: { type: 'uuid', fieldName: 'user_id' },
    name: { type: 'string' },
    description: { type: 'text', nullable: true },
    type: { type: 'string' },
    status: { type: 'string' },
    payload: { type: 'json' },
    scheduledAt: timestamp('scheduled_at'),
    recurrencePattern: { type: 'string', fieldName: 'recurrence_pattern', nullable: true },
    cronExpression: { type: 'string', fieldName: 'cron_expression', nullable: true },
    timezone: { type: 'string', nullable: true },
    target: { type: 'json', nullable: true },
    timeoutSeconds: { type: 'integer', fieldName: 'timeout_seconds' },
    catchUpWindowMs: { type: 'integer', fieldName: 'catch_up_window_ms' },
    overlapPolicy: { type: 'string', fieldName: 'overlap_policy' },
    notifications: { type: 'json', nullable: true },
    maxRetries: { type: 'integer', fieldName: 'max_retries' },
    retryCount: { type: 'integer', fieldName: 'retry_count' },
    startedAt: timestamp('started_at', true),
    completedAt: timestamp('completed_at', true),
    errorMessage: { type: 'text', fieldName: 'error_message', nullable: true },
    result: { type: 'json', nullable: true },
    nextRunAt: timestamp('next_run_at', true),
    isActive: { type: 'boolean', fieldName: 'is_active' },
    version: { type: 'integer' },
    stateSequence: { type: 'integer', fieldName: 'state_sequence' },
    createdAt: timestamp('created_at'),
    updatedAt: timestamp('updated_at'),
  },
});

/** The catalog.job_executions table. */
export const JobExecutionEntity = new EntitySchema<JobExecution>({
  name: 'JobExecution',
  tableName: 'job_executions',
  properties: {
    id: { type: 'uuid', primary: true },
    jobId: { type: 'uuid', fieldName: 'job_id' },
    runId: { type: 'string', fieldName: 'run_id' },
    attemptNumber: { type: 'integer', fieldName: 'attempt_number' },
    status: { type: 'string' },
    startedAt: timestamp('started_at'),
    completedAt: timestamp('completed_at'),
    dueAt: timestamp('due_at', true),
    errorMessage: { type: 'text', fieldName: 'error_message', nullable: true },
    result: { type: 'json', nullable: true },
    createdAt: timestamp('created_at'),
  },
});

/** Rows come back with SQL nulls; the domain speaks of absent fields. */
export function withoutNulls<T extends object>(row: T): T {
  return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null)) as T;
}
