import { setTimeout as sleep } from 'node:timers/promises';
import {
  counter,
  lazily,
  TRACE_PARENT_HEADER,
  tracingEnabled,
  type JetStreamClient,
  type Logger,
  type PoisonMessageError,
} from '@chrono/kit';
import type { Consumer, ConsumerMessages, JsMsg } from 'nats';
import type { Job } from '../domain/job-handler';
import type { UserSlots } from '../domain/user-slots';
import { decodeDispatchRequest } from './decode-dispatch-request';
import type { DispatchWorker } from './dispatch-worker';
import { reportSlots } from './run-metrics';

export interface DispatchConsumerOptions {
  stream: string;
  /** The durable consumer all executors share. */
  durable: string;
  /** Requests this process runs at once. */
  concurrency: number;
}

const heldBack = lazily(() =>
  counter({
    name: 'chrono_executor_held_back_total',
    help: "Dispatch requests not run when pulled because their owner's jobs held all the slots one user may take (EXECUTOR_MAX_SLOTS_PER_USER), by outcome: deferred (back to the queue with a delay) or failed (held back past EXECUTOR_MAX_QUEUE_WAIT).",
    labelNames: ['outcome'] as const,
  }),
);

// How long one pull request waits at the server for work before it is renewed.
const PULL_EXPIRES_MS = 10_000;
// A pull that ends empty sooner than this means trouble (no stream, no connection): pause before the next.
const MIN_EMPTY_PULL_MS = 500;
const PAUSE_MS = 1000;

/**
 * Pulls dispatch requests and hands each to the worker, never asking for more than it has free
 * slots, so that work it cannot start yet stays in the queue for other executors. A request whose
 * owner already holds their share of the slots (UserSlots) goes back to the queue with a delay, or
 * fails once it has been held back too long. One pull request
 * is open at a time (a pool of many executors stays far below the server's limit of waiting pulls);
 * when it ends, the next asks for every slot free by then. On stop it pulls no more, lets running
 * jobs finish for a grace period, then interrupts the rest, whose requests are nak'ed so that
 * another executor takes them at once.
 */
export class DispatchConsumer {
  private consumer?: Consumer;
  private readonly running = new Set<Promise<void>>();
  private pulling?: Promise<void>;
  private batch?: ConsumerMessages;
  private stopping = false;
  private readonly stopped = new AbortController();
  private readonly interrupt = new AbortController();

  private readonly deferred = heldBack().labels({ outcome: 'deferred' });
  private readonly failed = heldBack().labels({ outcome: 'failed' });

  constructor(
    private readonly js: JetStreamClient,
    private readonly worker: DispatchWorker,
    private readonly slots: UserSlots,
    private readonly options: DispatchConsumerOptions,
    private readonly log: Logger,
  ) {
    this.deferred.inc(0);
    this.failed.inc(0);
  }

  async start(): Promise<void> {
    this.consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    reportSlots(this.options.concurrency, () => this.running.size);
    this.fill();
  }

  /** Stops pulling; waits up to `graceMs` for running jobs, then hands back those still running. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.batch?.close();
    if (this.running.size > 0) {
      this.log.info({ running: this.running.size, graceMs }, 'waiting for running jobs');
      const finished = await Promise.race([
        Promise.all(this.running).then(() => true),
        sleep(graceMs, false, { ref: false }),
      ]);
      if (!finished) {
        this.log.warn({ running: this.running.size }, 'grace period over; handing back the jobs still running');
        this.interrupt.abort();
      }
    }
    await Promise.all([...this.running, this.pulling]);
  }

  private fill(): void {
    if (this.stopping || this.pulling || !this.consumer) return;
    const free = this.options.concurrency - this.running.size;
    if (free <= 0) return;
    this.pulling = this.pull(this.consumer, free).finally(() => {
      this.pulling = undefined;
      this.fill();
    });
  }

  private async pull(consumer: Consumer, max: number): Promise<void> {
    const began = Date.now();
    let received = 0;
    let pause = false;
    try {
      this.batch = await consumer.fetch({ max_messages: max, expires: PULL_EXPIRES_MS });
      if (this.stopping) await this.batch.close();
      for await (const msg of this.batch) {
        received++;
        this.accept(msg);
      }
      pause = received === 0 && Date.now() - began < MIN_EMPTY_PULL_MS;
    } catch (error) {
      if (!this.stopping) this.log.warn({ err: error }, 'pulling dispatch requests failed; will try again');
      pause = true;
    } finally {
      this.batch = undefined;
    }
    if (pause && !this.stopping)
      await sleep(PAUSE_MS, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }

  private accept(msg: JsMsg): void {
    // A request that arrives while stopping (or beyond the bound) goes straight back to the queue.
    if (this.stopping || this.running.size >= this.options.concurrency) {
      msg.nak();
      return;
    }
    let job: Job;
    try {
      job = decodeDispatchRequest(msg);
    } catch (error) {
      this.track(this.worker.reject(msg, error as PoisonMessageError));
      return;
    }
    // The scheduler's dispatch time, which its lost-run rule counts from; the time the stream took the request otherwise.
    const queuedAt = job.dispatchedAt ?? new Date(msg.info.timestampNanos / 1e6);
    const admission = this.slots.admit(job.userId, queuedAt, msg.info.redeliveryCount, new Date());
    if (admission.kind === 'run') {
      const { userId } = job;
      const traceParent = tracingEnabled() ? msg.headers?.get(TRACE_PARENT_HEADER) || undefined : undefined;
      this.track(
        this.worker.process(msg, job, this.interrupt.signal, traceParent).finally(() => this.slots.release(userId)),
      );
    } else if (admission.kind === 'defer') {
      this.deferred.inc();
      this.log.debug(
        { jobId: job.jobId, userId: job.userId, delayMs: admission.delayMs },
        'request held back: its owner holds all the slots one user may take',
      );
      msg.nak(admission.delayMs);
    } else {
      this.failed.inc();
      this.track(this.worker.giveUp(msg, job, admission.error));
    }
  }

  // Counts the task as running until it ends, then pulls for the slot it frees.
  private track(work: Promise<void>): void {
    const task = work.finally(() => {
      this.running.delete(task);
      this.fill();
    });
    this.running.add(task);
  }
}
