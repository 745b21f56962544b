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
import type { AttemptProgress } from '../store/ledger-attempts-sql';
import type { OccurrenceLedgerStore, OccurrenceReportEntry } from '../store/occurrence-ledger-store';

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
 * scheduler's job states (status, next run, retry count). Both also feed the occurrence ledger
 * (`ledger`). Messages waiting together are applied as one batch; a batch that fails is retried
 * message by message.
 */
export async function startProgressConsumers(
  nats: JetStreamContext,
  progress: JobProgressStore,
  ledger: OccurrenceLedgerStore,
  history: HistoryOptions,
  log: Logger,
): Promise<EventConsumer[]> {
  const record = (events: execution.ExecutionEvent[]) => recordExecutions(events, progress, ledger, history);
  const apply = async (states: DecodedState[]) => {
    await progress.applyStates(states.map((s) => s.state));
    await ledger.recordReports(states.flatMap((s) => s.occurrences));
  };
  const outcomes = await startTopologyConsumer(
    nats,
    {
      from: topology.executions,
      durable: consumers.catalogExecutions,
      concurrency: 2,
      batchWaitMs: nats.settings.outcomeBatchWaitMs,
      handleBatch: (messages) => record(messages.map(decodeExecution)),
    },
    (message) => record([decodeExecution(message)]),
    log,
  );
  const states = await startTopologyConsumer(
    nats,
    {
      from: topology.scheduleState,
      durable: consumers.catalogScheduleState,
      concurrency: 2,
      batchWaitMs: nats.settings.outcomeBatchWaitMs,
      handleBatch: (messages) => apply(messages.map(decodeState)),
    },
    (message) => apply([decodeState(message)]),
    log,
  );
  return [outcomes, states];
}

async function recordExecutions(
  events: execution.ExecutionEvent[],
  progress: JobProgressStore,
  ledger: OccurrenceLedgerStore,
  history: HistoryOptions,
): Promise<void> {
  const started = events.filter((e) => e.kind === Kind.EXECUTION_EVENT_KIND_STARTED);
  await progress.recordStarted(started.map((e) => ({ jobId: e.jobId, startedAt: e.startedAt as Date })));
  const ended = events.filter((e) => e.kind !== Kind.EXECUTION_EVENT_KIND_STARTED);
  // An ended attempt reaches the ledger in the statement that writes its history.
  history.recorded(
    await progress.recordOutcomes(
      ended.map((e) => outcomeOf(e, history.maxResultBytes)),
      ended.flatMap(attemptProgressOf),
    ),
  );
  await ledger.recordAttempts(started.flatMap(attemptProgressOf));
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

/** An attempt's progress for the ledger; none from publishers that predate occurrence times, for a retry. */
function attemptProgressOf(event: execution.ExecutionEvent): AttemptProgress[] {
  const occurrenceAt = event.occurrenceAt ?? (event.attempt === 1 ? event.dueAt : undefined);
  if (!occurrenceAt) return [];
  const { jobId, runId, attempt } = event;
  const startedAt = event.startedAt as Date;
  if (event.kind === Kind.EXECUTION_EVENT_KIND_STARTED) return [{ jobId, occurrenceAt, runId, attempt, startedAt }];
  const ended = {
    succeeded: event.kind === Kind.EXECUTION_EVENT_KIND_SUCCEEDED,
    cancelled: event.kind === Kind.EXECUTION_EVENT_KIND_CANCELLED,
    at: event.completedAt ?? startedAt,
  };
  return [{ jobId, occurrenceAt, runId, attempt, startedAt, ended }];
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

interface DecodedState {
  state: ScheduleState;
  occurrences: OccurrenceReportEntry[];
}

function decodeState(message: DeliveredMessage): DecodedState {
  const state = decodeEvent(message, eventTypes.jobStateChanged, jobState.JobStateChanged);
  const status = runStatusName(state.status);
  if (!isUuid(state.jobId) || !status)
    throw new PoisonMessageError(`job state without job id or with status ${state.status}`);
  return {
    state: {
      jobId: state.jobId,
      status,
      nextRunAt: state.nextRunAt,
      retryCount: state.retryCount,
      sequence: state.sequence,
    },
    occurrences: reportedOccurrences(state),
  };
}

// What a state tells the ledger: the occurrence of a dispatched run, and those passed over.
function reportedOccurrences(state: jobState.JobStateChanged): OccurrenceReportEntry[] {
  const report = state.occurrences;
  if (!report) return [];
  const { jobId } = state;
  const entries: OccurrenceReportEntry[] = report.passedOver.flatMap((note) => {
    const outcome = noteOutcomes[note.outcome];
    return note.dueAt && outcome ? [{ jobId, dueAt: note.dueAt, outcome }] : [];
  });
  if (report.runDueAt && state.status === jobState.JobRunStatus.JOB_RUN_STATUS_RUNNING && state.runId)
    entries.push({
      jobId,
      dueAt: report.runDueAt,
      run: { runId: state.runId, dispatchedAt: state.occurredAt ?? report.runDueAt },
    });
  return entries;
}

const noteOutcomes: Partial<Record<jobState.OccurrenceOutcome, 'skipped' | 'missed'>> = {
  [jobState.OccurrenceOutcome.OCCURRENCE_OUTCOME_SKIPPED]: 'skipped',
  [jobState.OccurrenceOutcome.OCCURRENCE_OUTCOME_MISSED]: 'missed',
};
