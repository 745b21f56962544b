import { eventTypes, jobEvent, topology, type catalog } from '@chrono/contracts';
import { encodeMessage, type OutboxMessage } from '@chrono/kit';
import type { Job, JobChange } from '../domain/job';
import { MAX_RETRIES } from '../domain/job-validation';
import { toJobMessage } from '../handlers/job-message';

const Kind = jobEvent.JobEventKind;
const KIND: Record<JobChange, jobEvent.JobEventKind> = {
  created: Kind.JOB_EVENT_KIND_CREATED,
  updated: Kind.JOB_EVENT_KIND_UPDATED,
  rescheduled: Kind.JOB_EVENT_KIND_RESCHEDULED,
  cancelled: Kind.JOB_EVENT_KIND_CANCELLED,
  deleted: Kind.JOB_EVENT_KIND_DELETED,
  paused: Kind.JOB_EVENT_KIND_PAUSED,
  resumed: Kind.JOB_EVENT_KIND_RESUMED,
};

/**
 * The outbox message of a change of `job` (the event's version is the job's), with the trace context of
 * the request that made it, if any.
 */
export function jobEventMessage(
  job: Job,
  change: JobChange,
  id: string,
  occurredAt: Date,
  traceParent?: string,
): OutboxMessage {
  const body = encodeMessage(jobEvent.JobEvent, {
    eventId: id,
    kind: KIND[change],
    version: job.version,
    occurredAt,
    job: toEventJobMessage(job),
  });
  return { id, subject: `${topology.jobEvents.subjectPrefix}.${job.id}`, type: eventTypes.jobEvent, body, traceParent };
}

// The latest time a job can hold, with milliseconds: the widest timestamp there is.
const LATEST = new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999));

/**
 * The most bytes an event of the job can take. The fields that its runs change (status, times, retry
 * count, version) are measured at their widest, so that a job that fits when it is written fits in
 * every event it makes afterwards.
 */
export function jobEventBytes(job: Job): number {
  const widest: Job = {
    ...job,
    status: 'cancelled',
    retryCount: MAX_RETRIES,
    version: Number.MAX_SAFE_INTEGER,
    isActive: true,
    nextRunAt: LATEST,
    startedAt: LATEST,
    completedAt: LATEST,
    createdAt: LATEST,
    updatedAt: LATEST,
  };
  return jobEventMessage(widest, 'rescheduled', '00000000-0000-0000-0000-000000000000', LATEST).body.length;
}

/**
 * The small event that stands in for one that can never be published: the same version, so that the
 * scheduler applies the job's later events in order, with the job's status `failed` and without its
 * payload, target or description. A deletion stays a deletion; any other change becomes a cancellation,
 * which takes the job off the schedule (see JobEventKind in job_event.proto).
 */
export function standInEvent(original: jobEvent.JobEvent, id: string, occurredAt: Date): OutboxMessage {
  const job = original.job!;
  const deleted = original.kind === Kind.JOB_EVENT_KIND_DELETED;
  const stoppedJob = {
    ...job,
    status: deleted ? job.status : 'failed',
    isActive: false,
    payload: undefined,
    target: undefined,
    description: undefined,
    result: undefined,
    errorMessage: undefined,
  };
  const body = encodeMessage(jobEvent.JobEvent, {
    eventId: id,
    kind: deleted ? original.kind : Kind.JOB_EVENT_KIND_CANCELLED,
    version: original.version,
    occurredAt,
    job: stoppedJob,
  });
  return { id, subject: `${topology.jobEvents.subjectPrefix}.${job.id}`, type: eventTypes.jobEvent, body };
}

/** True for an event made by standInEvent (a cancellation whose job is failed); it is never replaced again. */
export function isStandIn(event: jobEvent.JobEvent): boolean {
  return event.kind === Kind.JOB_EVENT_KIND_CANCELLED && event.job?.status === 'failed';
}

/**
 * A job as its lifecycle events carry it: without its latest result and error message, which change
 * with every run, are not the scheduler's business, and would let an event outgrow the size checked
 * when the job was written.
 */
function toEventJobMessage(job: Job): catalog.Job {
  return { ...toJobMessage(job), result: undefined, errorMessage: undefined };
}
