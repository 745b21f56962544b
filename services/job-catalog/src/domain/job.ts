import type { RecurrencePattern } from '@chrono/recurrence';
import type { OverlapPolicy } from './overlap-policy';
import type { JobNotification } from '../notifications/notification-spec';

/** The values of a job's enumerated fields, as the REST contract spells them. */
export const JOB_TYPES = ['one_time', 'recurring'] as const;
export const JOB_STATUSES = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'] as const;

export type JobType = (typeof JOB_TYPES)[number];
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * A job is active while it may still run: pending, running or paused (a paused job runs again once
 * resumed, so it counts against the active-jobs quota too). Finished (completed, failed) and cancelled jobs are not.
 */
export function isActiveStatus(status: JobStatus): boolean {
  return status === 'pending' || status === 'running' || status === 'paused';
}
export type JsonObject = { [key: string]: unknown };

/** What the executor does: one of the handler kinds, as stored (the JSON of chrono.catalog.v1.JobTarget). */
export type JobTarget =
  | { http: { url: string; method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } }
  | { nats: { subject: string; data?: unknown } };

/** A job as job-catalog stores it. */
export interface Job {
  id: string;
  userId: string;
  name: string;
  description?: string;
  type: JobType;
  status: JobStatus;
  payload: JsonObject;
  scheduledAt: Date;
  recurrencePattern?: RecurrencePattern;
  cronExpression?: string;
  timezone?: string;
  target?: JobTarget;
  timeoutSeconds: number;
  /** How far back missed occurrences are still run after downtime or a pause, in ms; 0: run once. */
  catchUpWindowMs: number;
  /** What an occurrence due while a run is in flight does (see OVERLAP_POLICIES); `skip` by default. */
  overlapPolicy: OverlapPolicy;
  /** Where the job's runs are reported (header values sealed); absent when nowhere. */
  notifications?: JobNotification[];
  maxRetries: number;
  retryCount: number;
  startedAt?: Date;
  completedAt?: Date;
  errorMessage?: string;
  result?: unknown;
  nextRunAt?: Date;
  isActive: boolean;
  /** Counts the job's lifecycle changes; every change is one event with this number. */
  version: number;
  /** The scheduler's latest state sequence applied to this job. */
  stateSequence: number;
  createdAt: Date;
  updatedAt: Date;
}

/** One attempt to run a job. */
export interface JobExecution {
  id: string;
  jobId: string;
  runId: string;
  status: 'success' | 'failed' | 'cancelled';
  startedAt: Date;
  completedAt: Date;
  /** When the attempt was due; absent for attempts recorded before it was kept. */
  dueAt?: Date;
  errorMessage?: string;
  result?: unknown;
  attemptNumber: number;
  createdAt: Date;
}

/** The kinds of lifecycle event a change of a job publishes. */
export type JobChange = 'created' | 'updated' | 'rescheduled' | 'cancelled' | 'deleted' | 'paused' | 'resumed';
