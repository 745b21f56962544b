import { consumers, eventTypes, execution, jobState, topology, runStatusName } from '@chrono/contracts';
import {
  decodeEvent,
  type DeliveredMessage,
  type EventConsumer,
  isUuid,
  type JetStreamContext,
  type Logger,
  PoisonMessageError,
  startTopologyConsumer,
} from '@chrono/kit';
import { storedErrorMessage, storedResult } from '../domain/stored-result';
import type { AttemptOutcome, JobProgressStore, ScheduleState } from '../store/job-progress-store';

const Kind = execution.ExecutionEventKind;

/** What happens to outcomes besides being recorded. */
export interface HistoryOptions {
  /** Largest result stored as it is (MAX_RESULT_BYTES); a larger one is stored as a marker. */
  maxResultBytes: number;
  /** Told the jobs that got new history rows (the pruner checks their count). */
  recorded(jobIds: string[]): void;
}

/**
 * The two streams job-catalog follows: executors' outcomes (the execution history) and the
 * scheduler's job states (status, next run, retry count). Messages waiting together are applied as
 * one batch; a batch that fails is retried message by message.
 */
export async function startProgressConsumers(
  nats: JetStreamContext,
  progress: JobProgressStore,
  history: HistoryOptions,
  log: Logger,
): Promise<EventConsumer[]> {
  const outcomes = await startTopologyConsumer(
    nats,
    {
      from: topology.executions,
      durable: consumers.catalogExecutions,
      concurrency: 2,
      handleBatch: (messages) => recordExecutions(messages.map(decodeExecution), progress, history),
    },
    (message) => recordExecutions([decodeExecution(message)], progress, history),
    log,
  );
  const states = await startTopologyConsumer(
    nats,
    {
      from: topology.scheduleState,
      durable: consumers.catalogScheduleState,
      concurrency: 2,
      handleBatch: (messages) => progress.applyStates(messages.map(decodeState)),
    },
    (message) => progress.applyStates([decodeState(message)]),
    log,
  );
  return [outcomes, states];
}

async function recordExecutions(
  events: execution.ExecutionEvent[],
  progress: JobProgressStore,
  history: HistoryOptions,
): Promise<void> {
  const started = events.filter((e) => e.kind === Kind.EXECUTION_EVENT_KIND_STARTED);
  await progress.recordStarted(started.map((e) => ({ jobId: e.jobId, startedAt: e.startedAt as Date })));
  const ended = events
    .filter((e) => e.kind !== Kind.EXECUTION_EVENT_KIND_STARTED)
    .map((e) => outcomeOf(e, history.maxResultBytes));
  history.recorded(await progress.recordOutcomes(ended));
}

function outcomeOf(event: execution.ExecutionEvent, maxResultBytes: number): AttemptOutcome {
  return {
    jobId: event.jobId,
    runId: event.runId,
    attempt: event.attempt,
    succeeded: event.kind === Kind.EXECUTION_EVENT_KIND_SUCCEEDED,
    cancelled: event.kind === Kind.EXECUTION_EVENT_KIND_CANCELLED,
    startedAt: event.startedAt as Date,
    completedAt: event.completedAt ?? (event.startedAt as Date),
    dueAt: event.dueAt,
    result: storedResult(event.result, maxResultBytes),
    errorMessage: storedErrorMessage(event.errorMessage || undefined),
  };
}

function decodeExecution(message: DeliveredMessage): execution.ExecutionEvent {
  const event = decodeEvent(message, eventTypes.executionEvent, execution.ExecutionEvent);
  if (!isUuid(event.jobId) || !event.runId || !event.startedAt)
    throw new PoisonMessageError('execution event without job id, run id or start time');
  if (
    ![
      Kind.EXECUTION_EVENT_KIND_STARTED,
      Kind.EXECUTION_EVENT_KIND_SUCCEEDED,
      Kind.EXECUTION_EVENT_KIND_FAILED,
      Kind.EXECUTION_EVENT_KIND_CANCELLED,
    ].includes(event.kind)
  ) {
    throw new PoisonMessageError(`unknown execution event kind ${event.kind}`);
  }
  return event;
}

function decodeState(message: DeliveredMessage): ScheduleState {
  const state = decodeEvent(message, eventTypes.jobStateChanged, jobState.JobStateChanged);
  const status = runStatusName(state.status);
  if (!isUuid(state.jobId) || !status)
    throw new PoisonMessageError(`job state without job id or with status ${state.status}`);
  return {
    jobId: state.jobId,
    status,
    nextRunAt: state.nextRunAt,
    retryCount: state.retryCount,
    sequence: state.sequence,
  };
}
