import { consumers, eventTypes, execution, jobState, streamSpec, topology } from '@chrono/contracts';
import { ensureConsumer, ensureStream, EventConsumer, PoisonMessageError, type DeliveredMessage, type JetStreamClient, type JetStreamManager, type Logger } from '@chrono/kit';
import { JOB_STATUSES, type JobStatus } from '../domain/job';
import type { JobProgressStore } from '../store/job-progress-store';

const Kind = execution.ExecutionEventKind;

/**
 * The two streams job-catalog follows: executors' outcomes (the execution history) and the
 * scheduler's job states (status, next run, retry count).
 */
export async function startProgressConsumers(jsm: JetStreamManager, js: JetStreamClient, progress: JobProgressStore, log: Logger, streamReplicas: number): Promise<EventConsumer[]> {
  await ensureStream(jsm, streamSpec(topology.executions, streamReplicas));
  await ensureStream(jsm, streamSpec(topology.scheduleState, streamReplicas));
  await ensureStream(jsm, streamSpec(topology.deadLetters, streamReplicas));
  await ensureConsumer(jsm, { stream: topology.executions.stream, durable: consumers.catalogExecutions, filterSubjects: [...topology.executions.subjects] });
  await ensureConsumer(jsm, { stream: topology.scheduleState.stream, durable: consumers.catalogScheduleState, filterSubjects: [...topology.scheduleState.subjects] });

  const outcomes = new EventConsumer(
    js,
    { stream: topology.executions.stream, durable: consumers.catalogExecutions, deadLetterSubject: `${topology.deadLetters.subjectPrefix}.${consumers.catalogExecutions}`, concurrency: 16 },
    (message) => recordExecution(message, progress),
    log,
  );
  const states = new EventConsumer(
    js,
    { stream: topology.scheduleState.stream, durable: consumers.catalogScheduleState, deadLetterSubject: `${topology.deadLetters.subjectPrefix}.${consumers.catalogScheduleState}`, concurrency: 16 },
    (message) => applyState(message, progress),
    log,
  );
  await outcomes.start();
  await states.start();
  return [outcomes, states];
}

async function recordExecution(message: DeliveredMessage, progress: JobProgressStore): Promise<void> {
  const event = decode(message, eventTypes.executionEvent, execution.ExecutionEvent);
  if (!event.jobId || !event.runId || !event.startedAt) throw new PoisonMessageError('execution event without job id, run id or start time');
  if (event.kind === Kind.EXECUTION_EVENT_KIND_STARTED) return progress.recordStarted(event.jobId, event.startedAt);
  if (event.kind !== Kind.EXECUTION_EVENT_KIND_SUCCEEDED && event.kind !== Kind.EXECUTION_EVENT_KIND_FAILED) throw new PoisonMessageError(`unknown execution event kind ${event.kind}`);
  await progress.recordOutcome({
    jobId: event.jobId,
    runId: event.runId,
    attempt: event.attempt,
    succeeded: event.kind === Kind.EXECUTION_EVENT_KIND_SUCCEEDED,
    startedAt: event.startedAt,
    completedAt: event.completedAt ?? event.startedAt,
    result: event.result,
    errorMessage: event.errorMessage || undefined,
  });
}

async function applyState(message: DeliveredMessage, progress: JobProgressStore): Promise<void> {
  const state = decode(message, eventTypes.jobStateChanged, jobState.JobStateChanged);
  if (!state.jobId || !(JOB_STATUSES as readonly string[]).includes(state.status)) throw new PoisonMessageError(`job state without job id or with status "${state.status}"`);
  await progress.applyState({ jobId: state.jobId, status: state.status as JobStatus, nextRunAt: state.nextRunAt, retryCount: state.retryCount, sequence: Number(state.sequence) });
}

function decode<T>(message: DeliveredMessage, expectedType: string, type: { decode(bytes: Uint8Array): T }): T {
  if (message.type !== expectedType) throw new PoisonMessageError(`expected a ${expectedType}, got ${message.type ?? 'no type header'}`);
  try {
    return type.decode(message.data);
  } catch (error) {
    throw new PoisonMessageError(`cannot decode ${expectedType}: ${(error as Error).message}`);
  }
}
