import { InvalidArgumentError, isUuid } from '@chrono/kit';
import { InvalidScheduleError, validateJobSchedule, type RecurrencePattern } from '@chrono/recurrence';
import type { TargetRules, TargetSecrets } from '@chrono/targets';
import { JOB_STATUSES, JOB_TYPES, type JobStatus, type JobType, type JsonObject } from './job';
import type { ListJobsInput, PageInput } from './job-input';

/** Limits of job fields; sizes in bytes of the JSON encoding. */
export interface JobLimits {
  /** Largest payload accepted (MAX_PAYLOAD_BYTES, 64 KiB). */
  maxPayloadBytes: number;
  /** maxRetries when a create does not say (MAX_RETRY_ATTEMPTS, 3). */
  defaultMaxRetries: number;
  /** Largest job, as its encoded lifecycle event (MAX_JOB_BYTES, 256 KiB). */
  maxJobBytes: number;
  /** Most pending or running jobs one user may have (MAX_ACTIVE_JOBS_PER_USER, 10,000). */
  maxActiveJobsPerUser: number;
  /** The rules on targets (NATS_TARGET_SUBJECTS, HTTP_TARGET_MAX_TIMEOUT, the system's subjects), shared with the executor. */
  targets: TargetRules;
  /** Encrypts the header values of http targets (TARGET_SECRETS_KEY), so that rows and events carry only ciphertext. */
  targetSecrets: TargetSecrets;
}

const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 10_000;
export const MAX_RETRIES = 20;
const DEFAULT_TIMEOUT_SECONDS = 60;
const MAX_TIMEOUT_SECONDS = 86_400;

const invalid = (field: string, message: string) => new InvalidArgumentError(field, message);

/** A job id must be a UUID; anything else is INVALID_ARGUMENT naming `id`. */
export function checkJobId(id: string | undefined): string {
  if (!id) throw invalid('id', 'id is required');
  if (!isUuid(id)) throw invalid('id', 'id must be a UUID');
  return id.toLowerCase();
}

export function checkName(name: string | undefined): string {
  if (name === undefined || name.trim() === '') throw invalid('name', 'name is required');
  if ([...name].length > MAX_NAME_LENGTH) throw invalid('name', `name must be at most ${MAX_NAME_LENGTH} characters`);
  return name;
}

export function checkDescription(description: string | undefined): string | undefined {
  if (description !== undefined && [...description].length > MAX_DESCRIPTION_LENGTH) {
    throw invalid('description', `description must be at most ${MAX_DESCRIPTION_LENGTH} characters`);
  }
  return description;
}

export function checkType(type: string | undefined): JobType {
  if (!type) throw invalid('type', `type is required: one of ${JOB_TYPES.join(', ')}`);
  if (!(JOB_TYPES as readonly string[]).includes(type))
    throw invalid('type', `type must be one of ${JOB_TYPES.join(', ')}, got "${type}"`);
  return type as JobType;
}

export function checkPayload(payload: JsonObject | undefined, limits: JobLimits): JsonObject {
  if (payload === undefined) return {};
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw invalid('payload', 'payload must be a JSON object');
  const size = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (size > limits.maxPayloadBytes)
    throw invalid('payload', `payload must be at most ${limits.maxPayloadBytes} bytes of JSON, got ${size}`);
  return payload;
}

// A job's time must lie in the range an RFC 3339 time can write, and after the Unix epoch.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function checkScheduledAt(scheduledAt: Date | undefined): Date {
  if (!scheduledAt) throw invalid('scheduledAt', 'scheduledAt is required (RFC 3339, e.g. 2026-01-20T10:00:00Z)');
  const time = scheduledAt.getTime();
  if (Number.isNaN(time) || time < EARLIEST || time > LATEST)
    throw invalid('scheduledAt', 'scheduledAt must be a time between 1970-01-01 and 9999-12-31');
  return scheduledAt;
}

export function checkMaxRetries(maxRetries: number | undefined, limits: JobLimits): number {
  if (maxRetries === undefined) return limits.defaultMaxRetries;
  if (!Number.isInteger(maxRetries) || maxRetries < 0 || maxRetries > MAX_RETRIES)
    throw invalid('maxRetries', `maxRetries must be between 0 and ${MAX_RETRIES}, got ${maxRetries}`);
  return maxRetries;
}

export function checkTimeoutSeconds(timeoutSeconds: number | undefined): number {
  if (timeoutSeconds === undefined) return DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
    throw invalid(
      'timeoutSeconds',
      `timeoutSeconds must be between 1 and ${MAX_TIMEOUT_SECONDS}, got ${timeoutSeconds}`,
    );
  }
  return timeoutSeconds;
}

/** The longest catch-up window: a week of missed occurrences. */
export const MAX_CATCH_UP_WINDOW_MS = 7 * 86_400_000;

/** A catch-up window from a protobuf Duration, in ms: 0 (the default) to MAX_CATCH_UP_WINDOW_MS. */
export function checkCatchUpWindow(window: { seconds: number; nanos: number } | undefined): number {
  if (window === undefined) return 0;
  const ms = window.seconds * 1000 + Math.trunc(window.nanos / 1_000_000);
  if (!Number.isFinite(ms) || window.seconds < 0 || window.nanos < 0)
    throw invalid('catchUpWindow', `catchUpWindow must not be negative, got ${window.seconds}s`);
  if (ms > MAX_CATCH_UP_WINDOW_MS)
    throw invalid('catchUpWindow', `catchUpWindow must be at most 7 days (604800s), got ${window.seconds}s`);
  return ms;
}

/** The schedule fields of a job once they agree with its type. */
export interface ScheduleFields {
  type: JobType;
  scheduledAt: Date;
  recurrencePattern?: RecurrencePattern;
  cronExpression?: string;
  timezone?: string;
}

/**
 * Checks that the schedule fields agree with the job's type (the rules are @chrono/recurrence's
 * validateJobSchedule) and narrows them to what a job stores.
 */
export function checkSchedule(fields: {
  type: JobType;
  scheduledAt: Date;
  recurrencePattern?: string;
  cronExpression?: string;
  timezone?: string;
}): ScheduleFields {
  const { type, scheduledAt, recurrencePattern, cronExpression, timezone } = fields;
  try {
    validateJobSchedule(type, { anchor: scheduledAt, pattern: recurrencePattern, cron: cronExpression, timezone });
  } catch (error) {
    if (error instanceof InvalidScheduleError) throw invalid(error.field, error.message);
    throw error;
  }
  if (type === 'one_time') return { type, scheduledAt };
  return {
    type,
    scheduledAt,
    recurrencePattern: recurrencePattern as RecurrencePattern | undefined,
    cronExpression,
    timezone,
  };
}

/** Checked filters and paging of ListJobs. */
export interface JobFilter {
  status?: JobStatus;
  type?: JobType;
  createdFrom?: Date;
  createdTo?: Date;
  /** Text the name contains, ignoring case, taken literally (no wildcards). */
  nameContains?: string;
}

export function checkListInput(input: ListJobsInput): { filter: JobFilter; page: number; limit: number } {
  if (input.status !== undefined && !(JOB_STATUSES as readonly string[]).includes(input.status)) {
    throw invalid('status', `status must be one of ${JOB_STATUSES.join(', ')}, got "${input.status}"`);
  }
  if (input.type !== undefined && !(JOB_TYPES as readonly string[]).includes(input.type))
    throw invalid('type', `type must be one of ${JOB_TYPES.join(', ')}, got "${input.type}"`);
  const createdFrom = input.fromDate === undefined ? undefined : parseDateBound('fromDate', input.fromDate, 'start');
  const createdTo = input.toDate === undefined ? undefined : parseDateBound('toDate', input.toDate, 'end');
  if (createdFrom && createdTo && createdFrom > createdTo)
    throw invalid('fromDate', 'fromDate must not be after toDate');
  if (input.name !== undefined && [...input.name].length > MAX_NAME_LENGTH)
    throw invalid('name', `name must be at most ${MAX_NAME_LENGTH} characters, got ${[...input.name].length}`);
  return {
    filter: {
      status: input.status as JobStatus | undefined,
      type: input.type as JobType | undefined,
      createdFrom,
      createdTo,
      // An empty name matches every job, as if the filter were not there.
      nameContains: input.name || undefined,
    },
    ...checkPage(input),
  };
}

export function checkPage(input: PageInput): { page: number; limit: number } {
  const page = input.page ?? 1;
  const limit = input.limit ?? 10;
  if (!Number.isInteger(page) || page < 1) throw invalid('page', `page must be 1 or more, got ${page}`);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw invalid('limit', `limit must be between 1 and 100, got ${limit}`);
  return { page, limit };
}

// `2026-01-20` means that whole day (UTC): midnight for a lower bound, the last millisecond for an upper one.
export function parseDateBound(field: string, text: string, edge: 'start' | 'end'): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?$/i.exec(
    text,
  );
  const refuse = () => invalid(field, `${field} must be a date (YYYY-MM-DD) or an RFC 3339 time, got "${text}"`);
  if (!match) throw refuse();
  // JavaScript rolls 2026-02-30 over into March; a date that does not exist is refused instead.
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0));
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > new Date(Date.UTC(year, month, 0)).getUTCDate() ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw refuse();
  const dateOnly = match[4] === undefined;
  const date = dateOnly ? new Date(`${text}T00:00:00.000Z`) : new Date(text);
  if (Number.isNaN(date.getTime())) throw refuse();
  return dateOnly && edge === 'end' ? new Date(date.getTime() + 86_400_000 - 1) : date;
}
