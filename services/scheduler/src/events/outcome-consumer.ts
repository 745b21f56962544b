import { consumers, eventTypes, execution, streamSpec, topology } from '@chrono/contracts';
import { ensureConsumer, ensureStream, EventConsumer, PoisonMessageError, type DeliveredMessage, type JetStreamClient, type JetStreamManager, type Logger } from '@chrono/kit';
import type { SchedulePlanner } from '../domain/schedule-planner';
import type { ScheduleStore } from '../store/schedule-store';
import { stateMessage } from './messages';

const Kind = execution.ExecutionEventKind;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Decides what follows each attempt's outcome: a retry, the next occurrence, or the end of the job.
 * An outcome that is not for the attempt in flight (delivered twice, or stale) changes nothing.
 */
export async function startOutcomeConsumer(jsm: JetStreamManager, js: JetStreamClient, store: ScheduleStore, planner: SchedulePlanner, log: Logger, streamReplicas: number): Promise<EventConsumer> {
  await ensureStream(jsm, streamSpec(topology.executions, streamReplicas));
  await ensureConsumer(jsm, { stream: topology.executions.stream, durable: consumers.schedulerExecutions, filterSubjects: [...topology.executions.subjects] });
  const consumer = new EventConsumer(
    js,
    { stream: topology.executions.stream, durable: consumers.schedulerExecutions, deadLetterSubject: `${topology.deadLetters.subjectPrefix}.${consumers.schedulerExecutions}`, concurrency: 32 },
    (message) => settle(message, store, planner),
    log,
  );
  await consumer.start();
  return consumer;
}

async function settle(message: DeliveredMessage, store: ScheduleStore, planner: SchedulePlanner): Promise<void> {
  const event = decode(message);
  if (event.kind === Kind.EXECUTION_EVENT_KIND_STARTED) return;
  if (event.kind !== Kind.EXECUTION_EVENT_KIND_SUCCEEDED && event.kind !== Kind.EXECUTION_EVENT_KIND_FAILED) throw new PoisonMessageError(`unknown execution event kind ${event.kind}`);
  const outcome = { jobId: event.jobId, runId: event.runId, attempt: event.attempt, succeeded: event.kind === Kind.EXECUTION_EVENT_KIND_SUCCEEDED };
  await store.change(event.jobId, (current) => {
    if (!current) return undefined;
    const now = new Date();
    const after = planner.afterOutcome(current, outcome, now);
    if (!after) return undefined;
    const next = { ...after, sequence: current.sequence + 1 };
    return { next, messages: [stateMessage(next, now)] };
  });
}

function decode(message: DeliveredMessage): execution.ExecutionEvent {
  if (message.type !== eventTypes.executionEvent) throw new PoisonMessageError(`expected a ${eventTypes.executionEvent}, got ${message.type ?? 'no type header'}`);
  let event: execution.ExecutionEvent;
  try {
    event = execution.ExecutionEvent.decode(message.data);
  } catch (error) {
    throw new PoisonMessageError(`cannot decode ${eventTypes.executionEvent}: ${(error as Error).message}`);
  }
  if (!UUID.test(event.jobId) || !event.runId || event.attempt < 1) throw new PoisonMessageError('execution event without job id, run id or attempt');
  return event;
}
