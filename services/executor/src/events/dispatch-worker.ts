import { setTimeout as sleep } from 'node:timers/promises';
import { failSpan, inSpan, PoisonMessageError, tracingEnabled, type Logger, type Span } from '@chrono/kit';
import type { JsMsg } from 'nats';
import type { Job } from '../domain/job-handler';
import type { JobRunner } from '../domain/job-runner';
import { RunningAttempts } from '../domain/running-attempts';
import { startTimeOf } from '../domain/start-time';
import type { DeadLetters } from './dead-letters';
import { JobLog } from './job-log';
import type { OutcomePublisher } from './outcome-publisher';
import { recordRun } from './run-metrics';
import { runSpan } from './run-span';

export interface DispatchWorkerOptions {
  /** How often a running job's request is marked in progress, in ms (shorter than the ack wait). */
  heartbeatMs: number;
  /** How long an attempt runs before its `started` event is published, in ms (0: at once). */
  startedEventAfterMs: number;
}

// After a failure to publish, the request comes back after this delay rather than at once.
const RETRY_DELAY_MS = 5000;

/**
 * Carries one dispatch request through its life: started (announced only when it runs long enough for
 * anyone to see it running), run, succeeded or failed, then ack. While
 * it runs, the request is marked in progress so JetStream does not hand it to another executor; if
 * this process dies, the marks stop and the request is redelivered after the ack wait. While tracing
 * is on, the attempt is a span (runSpan) in which its outcome events are published.
 */
export class DispatchWorker {
  constructor(
    private readonly runner: JobRunner,
    private readonly outcomes: OutcomePublisher,
    private readonly deadLetters: DeadLetters,
    private readonly options: DispatchWorkerOptions,
    private readonly log: Logger,
    /** The attempts it runs, which a CancelAttempt from the scheduler aborts (see CancelListener). */
    readonly attempts = new RunningAttempts(),
  ) {}

  /**
   * Runs a decoded request. Never rejects: every path ends in an ack or a nak. `interrupt` hands the job
   * back; `traceParent` is the dispatch's trace context, read only while tracing is on.
   */
  process(msg: JsMsg, job: Job, interrupt: AbortSignal, traceParent?: string): Promise<void> {
    if (!tracingEnabled()) return this.processIn(msg, job, interrupt);
    const span = runSpan(job, traceParent);
    return inSpan(span, () => this.processIn(msg, job, interrupt, span)).finally(() => span.end());
  }

  private async processIn(msg: JsMsg, job: Job, interrupt: AbortSignal, span?: Span): Promise<void> {
    const log = new JobLog(this.log, job);
    const heartbeat = setInterval(() => msg.working(), this.options.heartbeatMs);
    try {
      await this.carry(msg, job, interrupt, log, span);
    } catch (error) {
      log.error({ err: error }, 'job processing failed; the request will be redelivered');
      if (span) failSpan(span, error);
      msg.nak(RETRY_DELAY_MS);
    } finally {
      clearInterval(heartbeat);
    }
  }

  /**
   * Ends an attempt that will not run (its owner's share of slots stayed taken too long): publishes
   * its failure, then acks, so that the scheduler retries it as it would any failed attempt.
   */
  async giveUp(msg: JsMsg, job: Job, error: string): Promise<void> {
    const log = new JobLog(this.log, job);
    try {
      const now = new Date();
      await this.outcomes.finished(job, now, { kind: 'failed', error });
      log.info({ delivery: msg.info.redeliveryCount, error }, 'job failed without starting');
      msg.ack();
    } catch (publishError) {
      log.error({ err: publishError }, 'cannot publish the failure of a request held back; it will be redelivered');
      msg.nak(RETRY_DELAY_MS);
    }
  }

  private async carry(msg: JsMsg, job: Job, interrupt: AbortSignal, log: JobLog, span?: Span): Promise<void> {
    // Runs come up to DISPATCH_LEAD before they are due, together with the others due by then: each starts at its time.
    if (!(await untilStart(job, interrupt))) {
      msg.nak();
      log.info({}, 'job handed back before its start: the executor is stopping');
      return;
    }
    const startedAt = new Date();
    const delivery = msg.info.redeliveryCount;
    // Announced without waiting for the stream's ack: the outcome follows on the same connection, so
    // it is stored after it, and the job does not wait a round trip to start. A job that ends before
    // startedEventAfterMs is never announced: its outcome says when it started.
    let announced: Promise<void> | undefined;
    const announce = (): void => {
      announced = this.outcomes
        .started(job, startedAt)
        .catch((error: unknown) => log.warn({ err: error }, 'cannot publish the started event'));
    };
    const { startedEventAfterMs } = this.options;
    const timer = startedEventAfterMs > 0 ? setTimeout(announce, startedEventAfterMs) : undefined;
    if (!timer) announce();
    log.info({ delivery, timeoutMs: job.timeoutMs || undefined }, 'job started');

    const outcome = await this.runner.run(job, interrupt, this.attempts);
    clearTimeout(timer);
    await announced;
    const ms = Date.now() - startedAt.getTime();
    if (outcome.status === 'interrupted') {
      msg.nak();
      log.info({ ms }, 'job handed back: the executor is stopping');
      return;
    }
    const label = outcome.status === 'failed' && outcome.timedOut ? 'timed_out' : outcome.status;
    recordRun(outcome.handler ?? 'none', label, { dueAt: job.dueAt, startedAt, endedAt: new Date() });
    span?.setAttributes({ 'chrono.target_kind': outcome.handler ?? 'none', 'chrono.outcome': label });
    if (outcome.status === 'succeeded') {
      await this.outcomes.finished(job, startedAt, { kind: 'succeeded', result: outcome.result });
      log.info({ handler: outcome.handler, ms }, 'job succeeded');
    } else if (outcome.status === 'cancelled') {
      // The scheduler recorded the cancel already; this says when the attempt really stopped (kept once).
      const error = 'cancelled: the next occurrence came due while it ran (overlap policy cancel_previous)';
      await this.outcomes.finished(job, startedAt, { kind: 'cancelled', error });
      log.info({ handler: outcome.handler, ms }, 'job cancelled by the scheduler');
    } else {
      if (span) failSpan(span, outcome.error);
      await this.outcomes.finished(job, startedAt, { kind: 'failed', error: outcome.error });
      if (outcome.unexpected) log.error({ handler: outcome.handler, ms, err: outcome.unexpected }, 'job failed');
      else log.info({ handler: outcome.handler, ms, error: outcome.error }, 'job failed');
    }
    // The outcome is stored. A plain ack, not one JetStream confirms: a confirmation costs a round trip per
    // job and could only be logged (an ack lost on the way is redelivered after the ack wait either way).
    msg.ack();
  }

  /** Keeps a request that cannot be decoded in the dead letters and terminates it. Never rejects. */
  async reject(msg: JsMsg, error: PoisonMessageError): Promise<void> {
    const where = { subject: msg.subject, seq: msg.seq, error: error.message };
    try {
      await this.deadLetters.keep(msg, error.message);
      msg.term();
      this.log.error(
        { ...where, deadLetterSubject: this.deadLetters.subject },
        'undecodable dispatch request moved to dead letters',
      );
    } catch (publishError) {
      // Without a dead-letter copy the request must not be dropped: let it come back later.
      this.log.warn(
        { ...where, err: publishError },
        'cannot keep an undecodable dispatch request in dead letters; will retry',
      );
      msg.nak(RETRY_DELAY_MS);
    }
  }
}

// Waits for the job's start time (startTimeOf); resolves to false if the executor began stopping meanwhile.
// A plain timer, not one bound to `interrupt`: the wait is short, and a signal's listener costs every run.
async function untilStart(job: Job, interrupt: AbortSignal): Promise<boolean> {
  const startAt = startTimeOf(job.dueAt, Date.now());
  // A timer may fire a millisecond before its time by the wall clock: the loop makes the start never early.
  for (let left = startAt - Date.now(); left > 0; left = startAt - Date.now()) await sleep(left);
  return !interrupt.aborted;
}
