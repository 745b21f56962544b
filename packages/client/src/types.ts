import type { auth, catalog } from '@chrono/contracts';

// Plain TypeScript shapes of what the services take and return: Date for timestamps, plain objects for
// payloads and results, lowercase strings for the enumerated fields (as the REST API prints them).

export type JobType = 'one_time' | 'recurring';
export type JobStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type RecurrencePattern = 'hourly' | 'daily' | 'weekly' | 'monthly';
export type ExecutionStatus = 'success' | 'failed' | 'cancelled';
export type OverlapPolicy = 'skip' | 'buffer_one' | 'cancel_previous' | 'allow';

/** What the executor does: `{ http: { url, method?, headers?, body?, timeoutMs? } }` or `{ nats: { subject, data? } }`. */
export type JobTarget = catalog.JobTarget;

/** A job as job-catalog returns it. */
export type Job = Omit<catalog.Job, 'type' | 'status' | 'recurrencePattern' | 'overlapPolicy'> & {
  type: JobType;
  overlapPolicy: OverlapPolicy;
  status: JobStatus;
  recurrencePattern?: RecurrencePattern;
};

/** One attempt to run a job. */
export type JobExecution = Omit<catalog.JobExecution, 'status'> & { status: ExecutionStatus };

/** What became of an occurrence; unset while its run is in flight. */
export type OccurrenceOutcome = 'succeeded' | 'failed' | 'skipped' | 'missed' | 'cancelled';

/** One occurrence of a job in its occurrence ledger: a run with its attempts, or one skipped or missed. */
export type Occurrence = Omit<catalog.Occurrence, 'outcome'> & { outcome?: OccurrenceOutcome };

/** Which occurrences to list: due `from` and `to` (a Date, or `YYYY-MM-DD` / RFC 3339 text), and the page. */
export interface OccurrenceRequest extends PageRequest {
  from?: Date | string;
  to?: Date | string;
}

/** An account; never with its password. */
export type User = auth.User;

/** A signed-in user and the tokens of their new session. */
export interface SignedIn {
  user: User;
  accessToken: string;
  /** Renews the session once (the client does this itself when the access token expires). */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** A new job. `type` is `recurring` when a pattern or cron expression is given, `one_time` otherwise. */
export interface CreateJobInput {
  name: string;
  /** When a one-time job runs, or the anchor of a recurring one's occurrences. */
  scheduledAt: Date;
  type?: JobType;
  description?: string;
  /** Any JSON object, handed to the handler (up to 64 KiB by default). */
  payload?: Record<string, unknown>;
  recurrencePattern?: RecurrencePattern;
  /** 5 or 6 fields, read in `timezone` (UTC when unset). */
  cronExpression?: string;
  timezone?: string;
  /** 0 to 20; the service's MAX_RETRY_ATTEMPTS (3) when unset. */
  maxRetries?: number;
  /** 1 to 86 400 seconds per attempt; 60 when unset. */
  timeoutSeconds?: number;
  /** How far back missed occurrences are still run after downtime or a pause, in whole seconds (0 to 7 days); 0 when unset: run once. */
  catchUpWindowSeconds?: number;
  /** What an occurrence due while a run is in flight does (recurring jobs); `skip` when unset. */
  overlapPolicy?: OverlapPolicy;
  target?: JobTarget;
  /** Where the job's runs are reported, at most 10: `{ on: ['failed', ...], http: { url, headers } }`. */
  notifications?: catalog.JobNotification[];
}

/** The fields of a job to change; the others stay as they are. */
export type UpdateJobInput = Partial<CreateJobInput> & {
  /** True removes every notification (an empty `notifications` leaves them alone). */
  clearNotifications?: boolean;
};

/** Filters of `jobs.list`; every one optional. */
export interface JobFilter {
  status?: JobStatus;
  type?: JobType;
  /** Jobs created at or after this time (or `YYYY-MM-DD`). */
  fromDate?: Date | string;
  /** Jobs created at or before this time (or `YYYY-MM-DD`, the whole day). */
  toDate?: Date | string;
  /** Jobs whose name contains this text, ignoring case (at most 200 characters). */
  name?: string;
}

/** Which page to fetch: `page` from 1, `limit` 1 to 100 (the service's default 10). */
export interface PageRequest {
  page?: number;
  limit?: number;
}

/** One page of a listing, newest first. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

/** A schedule to preview: a pattern anchored on `start`, or a cron expression in `timezone`. */
export interface PreviewInput {
  recurrencePattern?: RecurrencePattern;
  cronExpression?: string;
  timezone?: string;
  /** The pattern's anchor, and the time after which runs are listed; now when unset. */
  start?: Date;
  /** 1 to 100 (default 5). */
  count?: number;
}

/** The run TriggerNow dispatched. */
export interface TriggeredRun {
  jobId: string;
  runId: string;
  dueAt: Date;
}
