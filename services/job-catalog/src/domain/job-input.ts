import type { JobTarget, JsonObject } from './job';

/** What a client sends to create a job, before validation (unknown strings, maybe-missing fields). */
export interface CreateJobInput {
  name: string;
  description?: string;
  type: string;
  payload?: JsonObject;
  scheduledAt?: Date;
  recurrencePattern?: string;
  cronExpression?: string;
  timezone?: string;
  maxRetries?: number;
  target?: JobTarget;
  timeoutSeconds?: number;
  /** A protobuf Duration as the request carries it. */
  catchUpWindow?: { seconds: number; nanos: number };
  overlapPolicy?: string;
  /** The notifications as sent, checked by checkNotifications. */
  notifications?: unknown[];
}

/** A partial update: only the fields present change. */
export type UpdateJobInput = Partial<CreateJobInput> & { clearNotifications?: boolean };

/** Filters and paging of ListJobs, before validation. */
export interface ListJobsInput {
  status?: string;
  type?: string;
  fromDate?: string;
  toDate?: string;
  name?: string;
  page?: number;
  limit?: number;
}

/** Paging of ListJobExecutions, before validation. */
export interface PageInput {
  page?: number;
  limit?: number;
}
