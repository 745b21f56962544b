import { setTimeout as sleep } from 'node:timers/promises';
import { eventTypes, execution, topology } from '@chrono/contracts';
import { publishMessage, type JetStreamClient } from '@chrono/kit';
import type { Job } from '../domain/job-handler';

type Kind = 'started' | 'succeeded' | 'failed';

const KIND: Record<Kind, execution.ExecutionEventKind> = {
  started: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_STARTED,
  succeeded: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_SUCCEEDED,
  failed: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_FAILED,
};

/** The end of an attempt, as published. */
export type FinalOutcome = { kind: 'succeeded'; result: unknown } | { kind: 'failed'; error: string };

export interface OutcomePublisherOptions {
  /** Names the process in every event (host name and pid). */
  executorId: string;
  /** Tries per event before giving up (default 3). */
  attempts?: number;
  /** Pause between tries, in ms (default 1000). */
  retryDelayMs?: number;
}

// An error message is for people; keep a runaway one from bloating the event.
const MAX_ERROR_CHARS = 2000;

/**
 * Publishes ExecutionEvents on `executions.<kind>.<job id>` with Nats-Msg-Id
 * `<run id>:<attempt>:<kind>`, so that a redelivered attempt does not record the same stage twice
 * within the stream's duplicate window.
 */
export class OutcomePublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly options: OutcomePublisherOptions,
  ) {}

  started(job: Job, startedAt: Date): Promise<void> {
    return this.publish(job, 'started', { startedAt });
  }

  finished(job: Job, startedAt: Date, outcome: FinalOutcome): Promise<void> {
    const completedAt = new Date();
    if (outcome.kind === 'succeeded') return this.publish(job, 'succeeded', { startedAt, completedAt, result: outcome.result });
    return this.publish(job, 'failed', { startedAt, completedAt, errorMessage: outcome.error.slice(0, MAX_ERROR_CHARS) });
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
      ...fields,
    };
    const subject = `${topology.executions.subjectPrefix}.${kind}.${job.jobId}`;
    const attempts = this.options.attempts ?? 3;
    for (let attempt = 1; ; attempt++) {
      try {
        await publishMessage(this.js, subject, eventTypes.executionEvent, execution.ExecutionEvent, event, `${job.runId}:${job.attempt}:${kind}`);
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await sleep(this.options.retryDelayMs ?? 1000);
      }
    }
  }
}
