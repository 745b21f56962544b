import type { Schedule } from '../domain/schedule';

/** A schedules row as PostgreSQL returns it through MikroORM (timestamps as strings). */
export interface ScheduleRow {
  job_id: string;
  user_id: string;
  job_version: number;
  type: 'one_time' | 'recurring';
  scheduled_at: string | Date;
  recurrence_pattern: string | null;
  cron_expression: string | null;
  timezone: string | null;
  payload: Record<string, unknown>;
  target: unknown;
  timeout_ms: number;
  catch_up_window_ms: number;
  catch_up_runs: number;
  overlap_policy: Schedule['overlapPolicy'];
  max_retries: number;
  state: Schedule['state'];
  status: Schedule['status'];
  next_run_at: string | Date | null;
  run_id: string;
  attempt: number;
  retry_count: number;
  due_at: string | Date | null;
  dispatched_at: string | Date | null;
  deadline_at: string | Date | null;
  sequence: number;
  admitted_for: string | Date | null;
  /** bigint: pg gives it as a string. */
  change_count: string | number;
  trace_parent: string | null;
  occurrence_at: string | Date | null;
  missed_reported_until: string | Date | null;
}

/** The columns written from a Schedule, in this order, with their PostgreSQL types. */
const COLUMN_TYPES = {
  job_id: 'uuid',
  user_id: 'uuid',
  job_version: 'int',
  type: 'text',
  scheduled_at: 'timestamptz',
  recurrence_pattern: 'text',
  cron_expression: 'text',
  timezone: 'text',
  payload: 'jsonb',
  target: 'jsonb',
  timeout_ms: 'int',
  max_retries: 'int',
  state: 'text',
  status: 'text',
  next_run_at: 'timestamptz',
  run_id: 'uuid',
  attempt: 'int',
  retry_count: 'int',
  due_at: 'timestamptz',
  dispatched_at: 'timestamptz',
  deadline_at: 'timestamptz',
  sequence: 'int',
  admitted_for: 'timestamptz',
  trace_parent: 'text',
  catch_up_window_ms: 'int',
  catch_up_runs: 'int',
  occurrence_at: 'timestamptz',
  missed_reported_until: 'timestamptz',
  overlap_policy: 'text',
} as const;

export const SCHEDULE_COLUMNS = Object.keys(COLUMN_TYPES) as Array<keyof typeof COLUMN_TYPES>;

/** The PostgreSQL types of SCHEDULE_COLUMNS, in the same order (for unnestOf). */
export const SCHEDULE_TYPES: string[] = Object.values(COLUMN_TYPES);

/**
 * The columns a ScheduleRow is read from, named rather than `*`: a prepared statement whose result
 * changed shape (a column added by a newer replica's migration) would fail on every connection.
 */
export function scheduleRowColumns(alias?: string): string {
  return [...SCHEDULE_COLUMNS, 'change_count'].map((column) => (alias ? `${alias}.${column}` : column)).join(', ');
}

export function fromRow(row: ScheduleRow): Schedule {
  return {
    jobId: row.job_id,
    userId: row.user_id,
    jobVersion: row.job_version,
    type: row.type,
    scheduledAt: new Date(row.scheduled_at),
    recurrencePattern: row.recurrence_pattern ?? undefined,
    cronExpression: row.cron_expression ?? undefined,
    timezone: row.timezone ?? undefined,
    payload: row.payload,
    target: row.target ?? undefined,
    timeoutMs: row.timeout_ms,
    catchUpWindowMs: row.catch_up_window_ms,
    catchUpRuns: row.catch_up_runs,
    overlapPolicy: row.overlap_policy,
    maxRetries: row.max_retries,
    state: row.state,
    status: row.status,
    nextRunAt: optionalDate(row.next_run_at),
    runId: row.run_id,
    attempt: row.attempt,
    retryCount: row.retry_count,
    dueAt: optionalDate(row.due_at),
    dispatchedAt: optionalDate(row.dispatched_at),
    deadlineAt: optionalDate(row.deadline_at),
    sequence: row.sequence,
    admittedFor: optionalDate(row.admitted_for),
    changeCount: Number(row.change_count),
    traceParent: row.trace_parent ?? undefined,
    occurrenceAt: optionalDate(row.occurrence_at ?? null),
    missedReportedUntil: optionalDate(row.missed_reported_until ?? null),
    // Not stored, but present: the planner's changes of a row then only override fields (see unplannedRow).
    passedOver: undefined,
  };
}

/** The values of SCHEDULE_COLUMNS for a Schedule (JSON columns as text). */
export function toValues(s: Schedule): unknown[] {
  return [
    s.jobId,
    s.userId,
    s.jobVersion,
    s.type,
    s.scheduledAt,
    s.recurrencePattern ?? null,
    s.cronExpression ?? null,
    s.timezone ?? null,
    JSON.stringify(s.payload ?? {}),
    s.target === undefined ? null : JSON.stringify(s.target),
    s.timeoutMs,
    s.maxRetries,
    s.state,
    s.status,
    s.nextRunAt ?? null,
    s.runId,
    s.attempt,
    s.retryCount,
    s.dueAt ?? null,
    s.dispatchedAt ?? null,
    s.deadlineAt ?? null,
    s.sequence,
    s.admittedFor ?? null,
    s.traceParent ?? null,
    s.catchUpWindowMs,
    s.catchUpRuns,
    s.occurrenceAt ?? null,
    s.missedReportedUntil ?? null,
    s.overlapPolicy,
  ];
}

function optionalDate(value: string | Date | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}
