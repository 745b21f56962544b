import { randomUUID } from 'node:crypto';
import { dispatch, eventTypes, execution, jobState, runStatusOf, topology } from '@chrono/contracts';
import {
  encodeMessage,
  publishMessage,
  type JetStreamClient,
  type OutboxBatchSubjects,
  type OutboxMessage,
} from '@chrono/kit';
import type { Schedule } from '../domain/schedule';

/**
 * What the scheduler sends many to a message (EventBatch), and on which subject: the states of every
 * job a statement changed, and the attempts it counted lost.
 */
export const BATCH_SUBJECTS: OutboxBatchSubjects = {
  [eventTypes.jobStateChanged]: topology.scheduleState.batchSubject,
  [eventTypes.executionEvent]: topology.executions.batchSubject,
};

/**
 * The job's state for job-catalog: status, next run and retry count, with the row's sequence, in the
 * trace of what changed it (`traceParent`, when traced).
 */
export function stateMessage(schedule: Schedule, now: Date, traceParent?: string): OutboxMessage {
  const body = encodeMessage(jobState.JobStateChanged, {
    jobId: schedule.jobId,
    status: runStatusOf(schedule.status),
    nextRunAt: schedule.nextRunAt,
    retryCount: schedule.retryCount,
    sequence: schedule.sequence,
    occurredAt: now,
    runId: schedule.runId,
    occurrences: occurrenceReportOf(schedule),
  });
  return {
    id: randomUUID(),
    subject: `${topology.scheduleState.subjectPrefix}.${schedule.jobId}`,
    type: eventTypes.jobStateChanged,
    body,
    traceParent,
  };
}

/**
 * What the state tells job-catalog's occurrence ledger: the occurrence a dispatched run is for, and
 * the occurrences passed over in reaching the state; undefined when neither.
 */
export function occurrenceReportOf(schedule: Schedule): jobState.OccurrenceReport | undefined {
  const runDueAt = schedule.state === 'dispatched' ? (schedule.occurrenceAt ?? schedule.dueAt) : undefined;
  const passed = schedule.passedOver;
  if (!runDueAt && !passed) return undefined;
  return {
    runDueAt,
    passedOver: (passed?.notes ?? []).map((note) => ({
      dueAt: note.dueAt,
      outcome:
        note.outcome === 'skipped'
          ? jobState.OccurrenceOutcome.OCCURRENCE_OUTCOME_SKIPPED
          : jobState.OccurrenceOutcome.OCCURRENCE_OUTCOME_MISSED,
    })),
    passedOverOmitted: passed?.omitted ?? 0,
  };
}

/** The outcome the scheduler records for an attempt whose executor never reported back. */
export function lostAttemptMessage(schedule: Schedule, now: Date): OutboxMessage {
  const waited = Math.round((now.getTime() - (schedule.dispatchedAt ?? now).getTime()) / 1000);
  const error = `no outcome within ${waited} s of dispatch (timeout ${schedule.timeoutMs / 1000} s): the executor was lost`;
  return attemptEndedMessage(schedule, now, 'failed', error);
}

/**
 * An attempt cancelled because the job's next occurrence came due while it ran (overlap policy
 * cancel_previous), recorded by the scheduler itself so that it is recorded even when no executor
 * holds it any more; the executor that aborts it reports the same attempt, which job-catalog keeps once.
 */
export function cancelledAttemptMessage(schedule: Schedule, now: Date): OutboxMessage {
  const error = 'cancelled: the next occurrence came due while it ran (overlap policy cancel_previous)';
  return attemptEndedMessage(schedule, now, 'cancelled', error);
}

// The end of the attempt in flight as the scheduler itself records it, on `executions.<kind>.<job id>`.
function attemptEndedMessage(
  schedule: Schedule,
  now: Date,
  kind: 'failed' | 'cancelled',
  errorMessage: string,
): OutboxMessage {
  const body = encodeMessage(execution.ExecutionEvent, {
    jobId: schedule.jobId,
    runId: schedule.runId,
    attempt: schedule.attempt,
    kind:
      kind === 'failed'
        ? execution.ExecutionEventKind.EXECUTION_EVENT_KIND_FAILED
        : execution.ExecutionEventKind.EXECUTION_EVENT_KIND_CANCELLED,
    startedAt: schedule.dispatchedAt ?? now,
    completedAt: now,
    result: undefined,
    errorMessage,
    executorId: 'scheduler',
    userId: schedule.userId,
    dueAt: schedule.dueAt,
    occurrenceAt: schedule.occurrenceAt ?? schedule.dueAt,
  });
  return {
    id: randomUUID(),
    subject: `${topology.executions.subjectPrefix}.${kind}.${schedule.jobId}`,
    type: eventTypes.executionEvent,
    body,
  };
}

/**
 * What a dispatch request adds to the job's payload and target (ids, attempt, timeout, times), with
 * room to spare, in bytes: the payload and target are encoded as in the job's events, which
 * job-catalog keeps within MAX_JOB_BYTES.
 */
export const DISPATCH_ENVELOPE_BYTES = 512;

/** The request an executor runs, and its Nats-Msg-Id: the same attempt of the same run is never queued twice. */
export function dispatchRequestOf(schedule: Schedule, now: Date): { message: dispatch.DispatchRequest; msgId: string } {
  const dueAt = schedule.dueAt ?? schedule.nextRunAt ?? now;
  return {
    message: {
      jobId: schedule.jobId,
      runId: schedule.runId,
      userId: schedule.userId,
      attempt: schedule.attempt,
      payload: schedule.payload,
      target: schedule.target as dispatch.DispatchRequest['target'],
      timeoutMs: schedule.timeoutMs,
      dueAt,
      dispatchedAt: now,
      occurrenceAt: schedule.occurrenceAt ?? dueAt,
    },
    msgId: `${schedule.jobId}:${dueAt.getTime()}:${schedule.attempt}`,
  };
}

/** Publishes a request of dispatchRequestOf to the executors' work queue; resolves once the stream has stored it. */
export function publishDispatch(
  js: JetStreamClient,
  { message, msgId }: { message: dispatch.DispatchRequest; msgId: string },
  traceParent?: string,
): Promise<unknown> {
  return publishMessage(
    js,
    topology.dispatch.subject,
    eventTypes.dispatchRequest,
    dispatch.DispatchRequest,
    message,
    msgId,
    traceParent,
  );
}
