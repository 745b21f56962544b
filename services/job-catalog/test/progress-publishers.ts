import { randomUUID } from 'node:crypto';
import { eventTypes, execution, jobState, runStatusOf, topology } from '@chrono/contracts';
import { encodeEventBatch, publishEncoded, publishMessage } from '@chrono/kit';
import type { CatalogFixture } from './catalog-fixture';

const Kind = execution.ExecutionEventKind;

/** An execution event's fields: the attempt it is about, and any others (unset ones are left empty). */
export type ExecutionFields = Pick<execution.ExecutionEvent, 'jobId' | 'runId' | 'attempt' | 'kind'> &
  Partial<execution.ExecutionEvent>;

/**
 * Publishes an executor's report of an attempt on the executions stream, as job-catalog's outcome
 * consumer receives it. It started on 2030-01-01 and, unless it only started, ended a second later.
 * Each has a fresh Nats-Msg-Id: a repeat is a redelivery that JetStream's de-duplication would not catch.
 */
export function publishExecution(f: CatalogFixture, fields: ExecutionFields) {
  return publishMessage(
    f.nats.jetstream(),
    executionSubject(fields),
    eventTypes.executionEvent,
    execution.ExecutionEvent,
    executionEvent(fields),
    randomUUID(),
  );
}

/** Publishes several reports in one EventBatch, as an executor does: job-catalog takes them in one batch. */
export function publishExecutionBatch(f: CatalogFixture, reports: ExecutionFields[]) {
  const events = reports.map((fields) => ({
    id: randomUUID(),
    subject: executionSubject(fields),
    type: eventTypes.executionEvent,
    body: execution.ExecutionEvent.encode(executionEvent(fields)).finish(),
  }));
  return publishEncoded(
    f.nats.jetstream(),
    topology.executions.batchSubject,
    eventTypes.eventBatch,
    encodeEventBatch(eventTypes.executionEvent, events),
    randomUUID(),
  );
}

function executionEvent(fields: ExecutionFields): execution.ExecutionEvent {
  const startedAt = new Date('2030-01-01T00:00:00Z');
  return execution.ExecutionEvent.fromPartial({
    startedAt,
    completedAt: fields.kind === Kind.EXECUTION_EVENT_KIND_STARTED ? undefined : new Date(startedAt.getTime() + 1000),
    executorId: 'test',
    ...fields,
  });
}

function executionSubject(fields: ExecutionFields): string {
  return `executions.${Kind[fields.kind]}.${fields.jobId}`;
}

/** A job state's fields, with the status by name (`pending`, `completed`…; default `pending`). */
export type StateFields = Omit<Partial<jobState.JobStateChanged>, 'status'> & { status?: string };

/** Publishes the scheduler's state of a job (its `sequence`-th), as job-catalog's state consumer receives it. */
export function publishState(
  f: CatalogFixture,
  jobId: string,
  sequence: number,
  { status, ...fields }: StateFields = {},
) {
  const state = jobState.JobStateChanged.fromPartial({
    jobId,
    status: runStatusOf(status ?? 'pending'),
    sequence,
    occurredAt: new Date(),
    runId: 'run',
    ...fields,
  });
  return publishMessage(
    f.nats.jetstream(),
    `schedule.state.${jobId}`,
    eventTypes.jobStateChanged,
    jobState.JobStateChanged,
    state,
    randomUUID(),
  );
}
