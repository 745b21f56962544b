import { consumers, eventTypes, execution, topology } from '@chrono/contracts';
import {
  decodeEvent,
  startTopologyConsumer,
  type EventConsumer,
  isUuid,
  PoisonMessageError,
  type DeliveredMessage,
  type JetStreamContext,
  type Logger,
} from '@chrono/kit';
import { afterRunOutcome } from '../domain/allow-planning';
import type { AttemptOutcome, Schedule } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { recordRetries } from '../dispatch/dispatch-metrics';
import type { RunsInFlightStore } from '../store/runs-in-flight-store';
import type { RowChange, ScheduleStore } from '../store/schedule-store';
import { stateMessage } from './messages';

const Kind = execution.ExecutionEventKind;

/**
 * Decides what follows each attempt's outcome: a retry, the next occurrence, or the end of the job.
 * Outcomes waiting together are settled in one transaction. An outcome that is not for the attempt in
 * flight (delivered twice, or stale) changes nothing.
 */
export function startOutcomeConsumer(
  nats: JetStreamContext,
  store: ScheduleStore,
  planner: SchedulePlanner,
  log: Logger,
  runs?: RunsInFlightStore,
): Promise<EventConsumer> {
  const settleAll = async (messages: DeliveredMessage[]) => {
    const outcomes = messages.map(decode).filter((outcome): outcome is AttemptOutcome => outcome !== undefined);
    const apart = await settle(outcomes, store, planner);
    if (runs) for (const outcome of apart) await settleRunInFlight(outcome, runs, planner);
  };
  return startTopologyConsumer(
    nats,
    {
      from: topology.executions,
      durable: consumers.schedulerExecutions,
      concurrency: 2,
      batchWaitMs: nats.settings.outcomeBatchWaitMs,
      handleBatch: settleAll,
    },
    (message) => settleAll([message]),
    log,
  );
}

// Settles outcomes against the rows; resolves to those that match no row's run (maybe runs in flight apart).
async function settle(
  outcomes: AttemptOutcome[],
  store: ScheduleStore,
  planner: SchedulePlanner,
): Promise<AttemptOutcome[]> {
  if (outcomes.length === 0) return [];
  let retried = 0;
  let apart: AttemptOutcome[] = [];
  await store.changeMany(
    outcomes.map((outcome) => outcome.jobId),
    (rows) => {
      const now = new Date();
      const changes = new Map<string, RowChange>();
      retried = 0;
      apart = [];
      // In delivery order, each outcome applied to the row as the ones before it left it.
      for (const outcome of outcomes) {
        const row: Schedule | undefined = changes.get(outcome.jobId)?.next ?? rows.get(outcome.jobId);
        const next = row && planner.afterOutcome(row, outcome, now);
        // Another run than the row's may be one apart (allow, or allow until an update): looked up there.
        if (row && !next && (row.overlapPolicy === 'allow' || row.runId !== outcome.runId)) apart.push(outcome);
        if (!next) continue;
        if (next.runId === row.runId && next.attempt > row.attempt) retried++;
        // A job that stays paused is not announced: job-catalog holds its status `paused` itself.
        const announced = next.state === 'paused' ? [] : [stateMessage(next, now, outcome.traceParent)];
        const messages = [...(changes.get(outcome.jobId)?.messages ?? []), ...announced];
        changes.set(outcome.jobId, { next, messages, claimSpent: true });
      }
      return [...changes.values()];
    },
  );
  recordRetries(retried);
  return apart;
}

// allow: an outcome of a run that left its row is settled in runs_in_flight; an unknown one changes nothing.
async function settleRunInFlight(outcome: AttemptOutcome, runs: RunsInFlightStore, planner: SchedulePlanner) {
  await runs.change(outcome.jobId, outcome.runId, (run, schedule) => {
    const decision = afterRunOutcome(run, outcome, schedule?.maxRetries ?? 0, new Date(), planner);
    if (decision.kind === 'ignore') return undefined;
    if (decision.kind === 'retry') recordRetries(1);
    return { run: decision.kind === 'retry' ? decision.run : undefined, messages: [] };
  });
}

/** The outcome a message reports, or undefined for a `started` event (which decides nothing). */
function decode(message: DeliveredMessage): AttemptOutcome | undefined {
  const event = decodeEvent(message, eventTypes.executionEvent, execution.ExecutionEvent);
  if (!isUuid(event.jobId) || !event.runId || event.attempt < 1)
    throw new PoisonMessageError('execution event without job id, run id or attempt');
  // A cancelled attempt was superseded by the scheduler itself (cancel_previous): its run is over already.
  if (event.kind === Kind.EXECUTION_EVENT_KIND_STARTED || event.kind === Kind.EXECUTION_EVENT_KIND_CANCELLED)
    return undefined;
  if (event.kind !== Kind.EXECUTION_EVENT_KIND_SUCCEEDED && event.kind !== Kind.EXECUTION_EVENT_KIND_FAILED)
    throw new PoisonMessageError(`unknown execution event kind ${event.kind}`);
  return {
    jobId: event.jobId,
    runId: event.runId,
    attempt: event.attempt,
    succeeded: event.kind === Kind.EXECUTION_EVENT_KIND_SUCCEEDED,
    endedAt: event.completedAt,
    traceParent: message.traceParent,
  };
}
