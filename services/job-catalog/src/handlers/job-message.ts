import type { catalog } from '@chrono/contracts';
import { maskHeaders } from '@chrono/targets';
import type { Job, JobExecution, JobTarget } from '../domain/job';

/** A job as the contract carries it (responses and lifecycle events). */
export function toJobMessage(job: Job): catalog.Job {
  return {
    id: job.id,
    name: job.name,
    description: job.description,
    type: job.type,
    status: job.status,
    payload: job.payload,
    scheduledAt: job.scheduledAt,
    startedAt: job.startedAt,
    completedAt: job.completedAt,
    recurrencePattern: job.recurrencePattern,
    retryCount: job.retryCount,
    maxRetries: job.maxRetries,
    errorMessage: job.errorMessage,
    result: job.result,
    userId: job.userId,
    nextRunAt: job.nextRunAt,
    isActive: job.isActive,
    createdAt: job.createdAt,
    updatedAt: job.updatedAt,
    cronExpression: job.cronExpression,
    timezone: job.timezone,
    target: targetToMessage(job.target),
    timeoutSeconds: job.timeoutSeconds,
    overlapPolicy: job.overlapPolicy,
    catchUpWindow: { seconds: Math.floor(job.catchUpWindowMs / 1000), nanos: (job.catchUpWindowMs % 1000) * 1_000_000 },
    // Only GetJob answers them (see get-job.ts); events and lists go without.
    stats: undefined,
    notifications: (job.notifications ?? []).map((n) => ({
      on: n.on,
      http: { url: n.http.url, headers: n.http.headers ?? {} },
    })),
  };
}

/**
 * A job as an answer shows it (every RPC that returns jobs): http header values masked as `***`, names
 * kept; the ciphertext stays inside chrono. Events use toJobMessage.
 */
export function toJobAnswer(job: Job): catalog.Job {
  const message = toJobMessage(job);
  const http = message.target?.http;
  const notifications = message.notifications.map((n) => ({
    ...n,
    http: n.http && { ...n.http, headers: maskHeaders(n.http.headers) },
  }));
  return {
    ...message,
    notifications,
    ...(http && { target: { http: { ...http, headers: maskHeaders(http.headers) } } }),
  };
}

export function toExecutionMessage(execution: JobExecution): catalog.JobExecution {
  return {
    id: execution.id,
    jobId: execution.jobId,
    status: execution.status,
    startedAt: execution.startedAt,
    completedAt: execution.completedAt,
    errorMessage: execution.errorMessage,
    result: execution.result,
    attemptNumber: execution.attemptNumber,
    createdAt: execution.createdAt,
    dueAt: execution.dueAt,
  };
}

/** The target a request carries, or undefined when it names none. */
export function targetFromMessage(target: catalog.JobTarget | undefined): JobTarget | undefined {
  if (target?.http) {
    const { url, method, headers, body, timeoutMs } = target.http;
    return {
      http: {
        url,
        ...(method !== undefined && { method }),
        ...(Object.keys(headers).length > 0 && { headers }),
        ...(body !== undefined && { body }),
        ...(timeoutMs !== undefined && { timeoutMs }),
      },
    };
  }
  if (target?.nats)
    return {
      nats: { subject: target.nats.subject, ...(target.nats.data !== undefined && { data: target.nats.data }) },
    };
  return undefined;
}

function targetToMessage(target: JobTarget | undefined): catalog.JobTarget | undefined {
  if (!target) return undefined;
  if ('http' in target)
    return {
      http: {
        url: target.http.url,
        method: target.http.method,
        headers: target.http.headers ?? {},
        body: target.http.body,
        timeoutMs: target.http.timeoutMs,
      },
    };
  return { nats: { subject: target.nats.subject, data: target.nats.data } };
}
