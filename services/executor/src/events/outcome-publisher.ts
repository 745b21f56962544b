import { setTimeout as sleep } from 'node:timers/promises';
import { eventTypes, execution, topology } from '@chrono/contracts';
import {
  currentTraceParent,
  encodeMessage,
  eventBatchBytes,
  groupForPublishing,
  publishEncoded,
  type JetStreamClient,
  type WrittenEvent,
} from '@chrono/kit';
import type { Job } from '../domain/job-handler';

type Kind = 'started' | 'succeeded' | 'failed' | 'cancelled';

const KIND: Record<Kind, execution.ExecutionEventKind> = {
  started: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_STARTED,
  succeeded: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_SUCCEEDED,
  failed: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_FAILED,
  cancelled: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_CANCELLED,
};

/** The end of an attempt, as published. */
export type FinalOutcome = { kind: 'succeeded'; result: unknown } | { kind: 'failed' | 'cancelled'; error: string };

export interface OutcomePublisherOptions {
  /** Names the process in every event (host name and pid). */
  executorId: string;
  /**
   * The most bytes a result may take in an event (the larger of MAX_JOB_BYTES, which bounds the
   * payload the default handler returns, and HTTP_TARGET_MAX_RESPONSE_BYTES). A larger result is sent
   * as its JSON text, cut to this many bytes.
   */
  maxResultBytes: number;
  /** Tries per event before giving up (default 3). */
  attempts?: number;
  /** Pause between tries, in ms (default 1000). */
  retryDelayMs?: number;
  /** How long an event waits for others to go out with it in one message, in ms (EVENT_BATCH_WAIT; default 0). */
  batchWaitMs?: number;
  /** The NATS server's max_payload: a batch takes at most half (an event too big for that goes alone). */
  maxPayloadBytes?: number;
}

// An event waiting for the others of its batch, and what to tell its publisher once it is sent.
interface HeldEvent extends WrittenEvent {
  resolve(): void;
  reject(error: unknown): void;
}

// Within what a consumer takes in one go.
const MAX_BATCH_EVENTS = 256;

// An error message is for people; keep a runaway one from bloating the event.
const MAX_ERROR_CHARS = 2000;

/**
 * What an event adds to its result, with room to spare, in bytes: ids, times, the executor's name and
 * an error message of at most 2000 characters (6000 bytes of UTF-8).
 */
export const OUTCOME_ENVELOPE_BYTES = 8192;

/**
 * Publishes ExecutionEvents on `executions.<kind>.<job id>` with Nats-Msg-Id
 * `<run id>:<attempt>:<kind>`, so that a redelivered attempt does not record the same stage twice
 * within the stream's duplicate window; with a batch wait, those of the same few milliseconds go
 * together in an EventBatch on `executions.batch` (each keeps its subject and id inside). No event is larger than `maxResultBytes` plus
 * OUTCOME_ENVELOPE_BYTES, so every one fits what the executor checked against NATS at start-up.
 */
export class OutcomePublisher {
  private readonly held: HeldEvent[] = [];
  private releaseTimer?: NodeJS.Timeout;

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: OutcomePublisherOptions,
  ) {}

  started(job: Job, startedAt: Date): Promise<void> {
    return this.publish(job, 'started', { startedAt });
  }

  finished(job: Job, startedAt: Date, outcome: FinalOutcome): Promise<void> {
    const completedAt = new Date();
    if (outcome.kind === 'succeeded')
      return this.publish(job, 'succeeded', { startedAt, completedAt, result: outcome.result });
    return this.publish(job, outcome.kind, {
      startedAt,
      completedAt,
      errorMessage: outcome.error.slice(0, MAX_ERROR_CHARS),
    });
  }

  private async publish(job: Job, kind: Kind, fields: Partial<execution.ExecutionEvent>): Promise<void> {
    const event: execution.ExecutionEvent = {
      jobId: job.jobId,
      runId: job.runId,
      attempt: job.attempt,
      kind: KIND[kind],
      startedAt: undefined,
      completedAt: undefined,
      result: undefined,
      errorMessage: '',
      executorId: this.options.executorId,
      userId: job.userId,
      dueAt: job.dueAt,
      occurrenceAt: job.occurrenceAt,
      ...fields,
    };
    const written: WrittenEvent = {
      id: `${job.runId}:${job.attempt}:${kind}`,
      subject: `${topology.executions.subjectPrefix}.${kind}.${job.jobId}`,
      type: eventTypes.executionEvent,
      body: this.encode(event),
      // The run's span, when traced: job-catalog records the outcome and the scheduler settles it in its trace.
      traceParent: currentTraceParent(),
    };
    if ((this.options.batchWaitMs ?? 0) <= 0)
      return this.send(written.subject, written.type, written.body, written.id, written.traceParent);
    return new Promise((resolve, reject) => {
      // One literal: a spread that adds fields its source lacks costs V8 a new hidden class each time.
      const { id, subject, type, body, traceParent } = written;
      this.held.push({ id, subject, type, body, traceParent, resolve, reject });
      this.releaseTimer ??= setTimeout(() => this.release(), this.options.batchWaitMs);
    });
  }

  /**
   * Sends what the batch wait gathered: the events of consecutive attempts in one EventBatch (or a few,
   * within the size limit), so that many outcomes are one stream message, stored, delivered and acked once.
   */
  private release(): void {
    this.releaseTimer = undefined;
    const maxBytes = eventBatchBytes(this.options.maxPayloadBytes);
    const units = groupForPublishing(this.held.splice(0), {
      subjects: { [eventTypes.executionEvent]: topology.executions.batchSubject },
      maxEvents: MAX_BATCH_EVENTS,
      maxBytes,
    });
    for (const unit of units)
      void this.send(unit.subject, unit.type, unit.body, unit.msgId, unit.traceParent).then(
        () => unit.events.forEach((event) => event.resolve()),
        (error: unknown) => unit.events.forEach((event) => event.reject(error)),
      );
  }

  private async send(
    subject: string,
    type: string,
    body: Uint8Array,
    msgId: string,
    traceParent: string | undefined,
  ): Promise<void> {
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await publishEncoded(this.js, subject, type, body, msgId, traceParent);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }

  // Encoded once; only an event whose result is too big is encoded again, with the result cut down.
  private encode(event: execution.ExecutionEvent): Uint8Array {
    const bytes = encodeMessage(execution.ExecutionEvent, event);
    if (bytes.length <= this.options.maxResultBytes + OUTCOME_ENVELOPE_BYTES) return bytes;
    return encodeMessage(execution.ExecutionEvent, {
      ...event,
      result: cutText(JSON.stringify(event.result) ?? '', this.options.maxResultBytes),
    });
  }
}

/** The first `maxBytes` bytes of `text` in UTF-8, without a character cut in two. */
function cutText(text: string, maxBytes: number): string {
  return Buffer.from(text, 'utf8')
    .subarray(0, maxBytes)
    .toString('utf8')
    .replace(/\uFFFD$/, '');
}
