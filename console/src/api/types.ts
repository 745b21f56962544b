// The JSON shapes of the public REST API (see the README's "REST API" and /api/openapi.json).

export type JobType = 'one_time' | 'recurring';
export type JobStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type Pattern = 'hourly' | 'daily' | 'weekly' | 'monthly';
/** What an occurrence due while a run of the job is in flight does (recurring jobs). */
export type OverlapPolicy = 'skip' | 'buffer_one' | 'cancel_previous' | 'allow';

export interface User {
  id: string;
  email: string;
  name: string;
}

/** The answer of register, login and refresh. */
export interface SignedIn {
  user: User;
  access_token: string;
  refresh_token: string;
  /** Seconds until the access token expires. */
  expires_in: number;
}

export interface JobTarget {
  http?: { url: string; method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number };
  nats?: { subject: string; data?: unknown };
}

export interface Job {
  id: string;
  name: string;
  description?: string;
  type: JobType;
  status: JobStatus;
  payload?: Record<string, unknown>;
  scheduledAt?: string;
  startedAt?: string;
  completedAt?: string;
  recurrencePattern?: Pattern;
  cronExpression?: string;
  timezone?: string;
  retryCount: number;
  maxRetries: number;
  errorMessage?: string;
  result?: unknown;
  nextRunAt?: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
  target?: JobTarget;
  timeoutSeconds: number;
  /** How far back missed occurrences still run after a pause or downtime, as a Duration (`"3600s"`); absent or `"0s"`: run once. */
  catchUpWindow?: string;
  overlapPolicy?: OverlapPolicy;
  /** The occurrence ledger's counts of the last 24 h and 7 days (GET /jobs/{id} only). */
  stats?: { last24h?: OccurrenceStats; last7d?: OccurrenceStats };
}

export interface OccurrenceStats {
  occurrences: number;
  succeeded: number;
  failed: number;
  skipped: number;
  missed: number;
  cancelled: number;
  inFlight: number;
  latenessP50Ms: number;
  latenessP99Ms: number;
}

/** One time a job was due and what became of it (GET /jobs/{id}/occurrences); no outcome while in flight. */
export interface Occurrence {
  dueAt: string;
  outcome?: 'succeeded' | 'failed' | 'skipped' | 'missed' | 'cancelled';
  startedAt?: string;
  finishedAt?: string;
  /** int64 over REST: a string. */
  latenessMs?: string;
  runId?: string;
  attempts: Array<{ attemptNumber: number; executionId: string; status: string }>;
}

export interface Execution {
  id: string;
  jobId: string;
  status: 'success' | 'failed' | 'cancelled';
  startedAt?: string;
  completedAt?: string;
  /** When the attempt was due; absent on attempts recorded before executions kept it. */
  dueAt?: string;
  errorMessage?: string;
  result?: unknown;
  attemptNumber: number;
  createdAt: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  limit: number;
}

export interface NewJob {
  name: string;
  description?: string;
  type: JobType;
  scheduledAt?: string;
  recurrencePattern?: Pattern;
  cronExpression?: string;
  timezone?: string;
  payload?: Record<string, unknown>;
  target?: JobTarget;
  maxRetries?: number;
  timeoutSeconds?: number;
  /** A Duration such as `"3600s"`. */
  catchUpWindow?: string;
  overlapPolicy?: OverlapPolicy;
}

/** An UpdateJob body: the fields to change, the others left as they are. */
export type JobUpdate = Partial<NewJob>;

export interface PreviewRequest {
  recurrencePattern?: Pattern;
  cronExpression?: string;
  timezone?: string;
  start?: string;
  count: number;
}
