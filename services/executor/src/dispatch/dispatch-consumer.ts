import { setTimeout as sleep } from 'node:timers/promises';
import type { JetStreamClient, Logger } from '@chrono/kit';
import type { Consumer, ConsumerMessages, JsMsg } from 'nats';
import type { DispatchWorker } from './dispatch-worker';

export interface DispatchConsumerOptions {
  stream: string;
  /** The durable consumer all executors share. */
  durable: string;
  /** Requests this process runs at once. */
  concurrency: number;
}

// How long one pull request waits at the server for work before it is renewed.
const PULL_EXPIRES_MS = 10_000;
// A pull that ends empty sooner than this means trouble (no stream, no connection): pause before the next.
const MIN_EMPTY_PULL_MS = 500;
const PAUSE_MS = 1000;

/**
 * Pulls dispatch requests and hands each to the worker, never asking for more than it has free
 * slots, so that work it cannot start yet stays in the queue for other executors. One pull request
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

  constructor(
    private readonly js: JetStreamClient,
    private readonly worker: DispatchWorker,
    private readonly options: DispatchConsumerOptions,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    this.fill();
  }

  /** Stops pulling; waits up to `graceMs` for running jobs, then hands back those still running. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.stopped.abort();
    await this.batch?.close();
    if (this.running.size > 0) {
      this.log.info({ running: this.running.size, graceMs }, 'waiting for running jobs');
      const finished = await Promise.race([Promise.all(this.running).then(() => true), sleep(graceMs, false, { ref: false })]);
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
    if (pause && !this.stopping) await sleep(PAUSE_MS, undefined, { signal: this.stopped.signal }).catch(() => undefined);
  }

  private accept(msg: JsMsg): void {
    // A request that arrives while stopping (or beyond the bound) goes straight back to the queue.
    if (this.stopping || this.running.size >= this.options.concurrency) {
      msg.nak();
      return;
    }
    const task = this.worker.process(msg, this.interrupt.signal).finally(() => {
      this.running.delete(task);
      this.fill();
    });
    this.running.add(task);
  }
}
