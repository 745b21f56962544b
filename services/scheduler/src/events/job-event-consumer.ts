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
import type { JobEventKind, JobSnapshot, OverlapPolicy } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import type { RowChange, ScheduleStore } from '../store/schedule-store';
import { stateMessage } from './messages';

const KINDS: Record<number, JobEventKind> = {
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CREATED]: 'created',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_UPDATED]: 'updated',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_RESCHEDULED]: 'rescheduled',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_CANCELLED]: 'cancelled',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_DELETED]: 'deleted',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_PAUSED]: 'paused',
  [jobEvent.JobEventKind.JOB_EVENT_KIND_RESUMED]: 'resumed',
};
// An event that waited this many deliveries for an earlier one is applied anyway (that one may have aged out).
const MAX_WAITS = 20;

/**
 * Keeps one schedule row per job from job-catalog's lifecycle events, applied in version order per job.
 * The events waiting together (a burst of creates, say) are applied in one transaction; a batch with
 * an event that must wait for an earlier one falls back to one event at a time, and that one is redelivered later.
 */
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
      // Two batches at once; one with a job's later event than the other waits for it (see applyAll).
      concurrency: 2,
      handleBatch: (messages) => applyAll(messages, store, planner),
    },
    (message) => applyAll([message], store, planner),
    log,
  );
}

async function applyAll(messages: DeliveredMessage[], store: ScheduleStore, planner: SchedulePlanner): Promise<void> {
  const events = messages.map((message) => ({ message, event: decode(message) }));
  await store.changeMany(
    events.map(({ event }) => event.job?.id as string),
    (rows) => {
      const now = new Date();
      const changes = new Map<string, RowChange>();
      // In delivery order, each event applied to the row as the ones before it left it.
      for (const { message, event } of events) {
        const job = snapshotOf(event.job as catalog.Job);
        const earlier = changes.get(job.id);
        const current = earlier?.next ?? rows.get(job.id);
        const ignoreGap = message.deliveryCount >= MAX_WAITS;
        const decision = planner.applyJobEvent(current, KINDS[event.kind], event.version, job, now, ignoreGap);
        if (decision.kind === 'wait')
          throw new RedeliverLaterError(`job ${job.id} event version ${event.version} waits for an earlier one`, 200);
        if (decision.kind !== 'apply') continue;
        const { traceParent } = message;
        const announced = decision.announced ? [stateMessage(decision.announced, now, traceParent)] : [];
        // The job's runs go on in (or link to) the trace of the request that set their schedule.
        const next = traceParent ? { ...decision.schedule, traceParent } : decision.schedule;
        changes.set(job.id, { next, messages: [...(earlier?.messages ?? []), ...announced] });
      }
      return [...changes.values()];
    },
  );
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
    catchUpWindowMs: durationMs(job.catchUpWindow),
    overlapPolicy: overlapPolicyOf(job.overlapPolicy),
    maxRetries: job.maxRetries,
    nextRunAt: job.nextRunAt,
    retryCount: job.retryCount,
  };
}

// Checked by job-catalog (0 to 7 days); an event from before the field existed has none: 0.
function durationMs(duration: { seconds: number; nanos: number } | undefined): number {
  return duration ? duration.seconds * 1000 + Math.trunc(duration.nanos / 1_000_000) : 0;
}

// Checked by job-catalog; an event from before the field existed has none: skip, as then.
function overlapPolicyOf(policy: string | undefined): OverlapPolicy {
  return policy === 'buffer_one' || policy === 'cancel_previous' || policy === 'allow' ? policy : 'skip';
}
