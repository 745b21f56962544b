import { catalog, consumers, eventTypes, jobEvent, topology } from '@chrono/contracts';
import {
  decodeEvent,
  startTopologyConsumer,
  type EventConsumer,
  isUuid,
  PoisonMessageError,
  RedeliverLaterError,
  type DeliveredMessage,
  type JetStreamContext,
  type Logger,
} from '@chrono/kit';
import type { JobEventKind, JobSnapshot } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import type { ScheduleStore } from '../store/schedule-store';
import { stateMessage } from './messages';

const KINDS: Record<number, JobEventKind> = {
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CREATED]: 'created',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_UPDATED]: 'updated',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_RESCHEDULED]: 'rescheduled',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CANCELLED]: 'cancelled',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_DELETED]: 'deleted',
};
// An event that waited this many deliveries for an earlier one is applied anyway (that one may have aged out).
const MAX_WAITS = 20;

/** Keeps one schedule row per job from job-catalog's lifecycle events, applied in version order per job. */
export function startJobEventConsumer(
  nats: JetStreamContext,
  store: ScheduleStore,
  planner: SchedulePlanner,
  log: Logger,
): Promise<EventConsumer> {
  return startTopologyConsumer(
    nats,
    {
      from: topology.jobEvents,
      durable: consumers.schedulerJobEvents,
      concurrency: 32,
      orderingKey: (message) => message.subject,
    },
    (message) => apply(message, store, planner),
    log,
  );
}

async function apply(message: DeliveredMessage, store: ScheduleStore, planner: SchedulePlanner): Promise<void> {
  const event = decode(message);
  const kind = KINDS[event.kind];
  const job = snapshotOf(event.job as catalog.Job);
  let waiting = false;
  await store.change(job.id, (current) => {
    const now = new Date();
    const decision = planner.applyJobEvent(current, kind, event.version, job, now, message.deliveryCount >= MAX_WAITS);
    if (decision.kind === 'wait') waiting = true;
    if (decision.kind !== 'apply') return undefined;
    return { next: decision.schedule, messages: decision.announced ? [stateMessage(decision.announced, now)] : [] };
  });
  if (waiting)
    throw new RedeliverLaterError(`job ${job.id} event version ${event.version} waits for an earlier one`, 200);
}

function decode(message: DeliveredMessage): jobEvent.JobEvent {
  const event = decodeEvent(message, eventTypes.jobEvent, jobEvent.JobEvent);
  if (
    !KINDS[event.kind] ||
    !isUuid(event.job?.id ?? '') ||
    !isUuid(event.job?.userId ?? '') ||
    !event.job?.scheduledAt ||
    event.version < 1
  ) {
    throw new PoisonMessageError('job event without kind, job id, owner, schedule or version');
  }
  return event;
}

function snapshotOf(job: catalog.Job): JobSnapshot {
  return {
    id: job.id,
    userId: job.userId,
    type: job.type,
    status: job.status,
    scheduledAt: job.scheduledAt as Date,
    recurrencePattern: job.recurrencePattern,
    cronExpression: job.cronExpression,
    timezone: job.timezone,
    payload: job.payload ?? {},
    target: job.target && (job.target.http || job.target.nats) ? job.target : undefined,
    timeoutSeconds: job.timeoutSeconds,
    maxRetries: job.maxRetries,
    nextRunAt: job.nextRunAt,
    retryCount: job.retryCount,
  };
}
