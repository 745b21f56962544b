import type { ConsumerMessages, JetStreamClient, JsMsg } from 'nats';
import type { Logger } from 'pino';
import { inBatches } from './batch-loop';
import { publishDeadLetter } from './dead-letter';
import { isEventBatch, unpackEventBatch } from './event-batch';
import { TYPE_HEADER } from './jetstream';
import { messagesMissed } from './stream-health';
import { consumed, consumedTogether } from '../tracing/consume-spans';
import { TRACE_PARENT_HEADER } from '../tracing/trace-parent';
import { tracingEnabled } from '../tracing/tracing';

/** Thrown by a handler for a message that can never be processed: it goes to the dead-letter subject. */
export class PoisonMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PoisonMessageError';
  }
}

/** Thrown by a handler for a message that cannot be handled yet (it waits for another): redelivered after `delayMs`, without a warning. */
export class RedeliverLaterError extends Error {
  constructor(
    message: string,
    readonly delayMs: number,
  ) {
    super(message);
    this.name = 'RedeliverLaterError';
  }
}

const DEFAULT_MAX_BATCH = 256;

/** One delivered message as a handler sees it. */
export interface DeliveredMessage {
  subject: string;
  /** Stream sequence number. */
  seq: number;
  /** The `Chrono-Type` header: the protobuf type of `data`. */
  type: string | undefined;
  data: Uint8Array;
  /** How many times this message has been delivered, from 1. */
  deliveryCount: number;
  /** For an event that came in an EventBatch: its place there (the batch's message has `seq`). */
  batchIndex?: number;
  /** The `traceparent` it came with (its header, or its BatchedEvent's), read only while tracing is on. */
  traceParent?: string;
  /** Tells JetStream the message is still being worked on, restarting its ack wait. */
  working(): void;
}

export interface EventConsumerOptions {
  stream: string;
  durable: string;
  /** Where poison messages go, as JSON with their subject, sequence, error and base64 data (cut to fit; see deadLetterBody). */
  deadLetterSubject: string;
  /** Messages handled at once (default 1: in stream order). */
  concurrency?: number;
  /** Longest redelivery delay after a failure, in ms (default 30 s). */
  maxRetryDelayMs?: number;
  /** Messages with the same key are handled one after another, in delivery order (e.g. per job). */
  orderingKey?: (message: DeliveredMessage) => string;
  /**
   * Handles the messages waiting at once as one batch (in one transaction, say), at most `maxBatch`
   * at a time (events, counting each of an EventBatch), `concurrency` batches in parallel. When it throws, that batch is handled message by
   * message with the single handler, so that one bad message cannot hold back the others.
   */
  handleBatch?: (messages: DeliveredMessage[]) => Promise<void>;
  /** Most messages in one batch (default 256). */
  maxBatch?: number;
  /** How long a batch that is not full waits for more messages before it is handled, in ms (default 0: at once). */
  batchWaitMs?: number;
}

/**
 * Pulls from a durable consumer and hands each message to `handle`. Success acks it; a
 * PoisonMessageError sends it to the dead-letter subject and terminates it, so it never blocks the
 * stream; any other error naks it with an exponential delay for a later redelivery. The events of an
 * EventBatch are handed over one by one (or with the others of a batch) as if each had come alone.
 * While tracing is on, each event is handled in a CONSUMER span that continues its trace.
 */
export class EventConsumer {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly tails = new Map<string, Promise<void>>();

  constructor(
    private readonly js: JetStreamClient,
    private readonly options: EventConsumerOptions,
    private readonly handle: (message: DeliveredMessage) => Promise<void>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    await this.reportMissed();
    const consumer = await this.js.consumers.get(this.options.stream, this.options.durable);
    const concurrency = this.options.concurrency ?? 1;
    if (this.options.handleBatch) {
      const maxBatch = this.options.maxBatch ?? DEFAULT_MAX_BATCH;
      this.messages = await consumer.consume({ max_messages: maxBatch * concurrency * 2 });
      const handleBatch = this.options.handleBatch;
      this.loop = inBatches(
        this.messages,
        { maxBatch, workers: concurrency, waitMs: this.options.batchWaitMs ?? 0 },
        (batch) => this.processBatch(batch, handleBatch),
      );
      return;
    }
    this.messages = await consumer.consume({ max_messages: Math.max(concurrency * 2, 10) });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        const task = this.afterSameKey(msg, () => this.process(msg)).finally(() => this.inFlight.delete(task));
        this.inFlight.add(task);
        if (this.inFlight.size >= concurrency) await Promise.race(this.inFlight);
      }
      await Promise.all(this.inFlight);
    })();
  }

  /** Stops pulling and waits for the messages being handled to finish. */
  async stop(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }

  // Messages the stream removed while this consumer was away are gone for good: say so once, loudly.
  // (While it runs, the service's health check watches for the same; see streamHealthCheck.)
  private async reportMissed(): Promise<void> {
    const { stream, durable } = this.options;
    const missed = await messagesMissed(await this.js.jetstreamManager(), stream, durable);
    if (missed > 0)
      this.log.error(
        { stream, consumer: durable, missed },
        `stream ${stream} removed ${missed} messages before consumer ${durable} received them (max_bytes or max_age reached while it was behind)`,
      );
  }

  private async processBatch(batch: JsMsg[], handleBatch: (batch: DeliveredMessage[]) => Promise<void>): Promise<void> {
    try {
      // Messages that are EventBatches hold many events each: the handler still takes at most maxBatch at a time.
      const events = batch.flatMap((msg) => this.unpacked(this.delivered(msg)));
      const most = this.options.maxBatch ?? DEFAULT_MAX_BATCH;
      for (let from = 0; from < events.length; from += most) {
        const part = events.slice(from, from + most);
        await consumedTogether(part, this.options, handleBatch);
      }
      for (const msg of batch) msg.ack();
    } catch (error) {
      this.log.debug({ err: error, size: batch.length }, 'batch failed; handling its messages one by one');
      for (const msg of batch) await this.process(msg);
    }
  }

  // Chains a message behind the one before it with the same ordering key, if any is still being handled.
  private afterSameKey(msg: JsMsg, run: () => Promise<void>): Promise<void> {
    const orderingKey = this.options.orderingKey;
    if (!orderingKey) return run();
    const key = orderingKey(this.delivered(msg));
    const previous = this.tails.get(key) ?? Promise.resolve();
    const task = previous.then(run);
    this.tails.set(key, task);
    return task.finally(() => {
      if (this.tails.get(key) === task) this.tails.delete(key);
    });
  }

  private delivered(msg: JsMsg): DeliveredMessage {
    return {
      subject: msg.subject,
      seq: msg.seq,
      type: msg.headers?.get(TYPE_HEADER) || undefined,
      data: msg.data,
      deliveryCount: msg.info.redeliveryCount,
      traceParent: tracingEnabled() ? msg.headers?.get(TRACE_PARENT_HEADER) || undefined : undefined,
      working: () => msg.working(),
    };
  }

  private unpacked(message: DeliveredMessage): DeliveredMessage[] {
    return isEventBatch(message) ? unpackEventBatch(message) : [message];
  }

  private async process(msg: JsMsg): Promise<void> {
    const delivered = this.delivered(msg);
    try {
      if (isEventBatch(delivered)) await this.processEach(unpackEventBatch(delivered));
      else await consumed(delivered, this.options, this.handle);
      msg.ack();
    } catch (error) {
      if (error instanceof PoisonMessageError) {
        await this.deadLetter(msg, error);
        return;
      }
      if (error instanceof RedeliverLaterError) {
        this.log.debug({ subject: msg.subject, seq: msg.seq, reason: error.message }, 'event redelivered later');
        msg.nak(error.delayMs);
        return;
      }
      const delay = Math.min(
        500 * 2 ** Math.min(delivered.deliveryCount - 1, 10),
        this.options.maxRetryDelayMs ?? 30_000,
      );
      this.log.warn(
        { subject: msg.subject, seq: msg.seq, err: error, retryInMs: delay },
        'event handling failed; will retry',
      );
      msg.nak(delay);
    }
  }

  /**
   * The events of one EventBatch in order: a poison event goes to the dead letters on its own and the
   * others are handled; any other failure throws, and the whole batch comes back (the events already
   * handled then change nothing, as for any redelivery).
   */
  private async processEach(events: DeliveredMessage[]): Promise<void> {
    for (const event of events) {
      try {
        await consumed(event, this.options, this.handle);
      } catch (error) {
        if (!(error instanceof PoisonMessageError)) throw error;
        const where = { subject: event.subject, seq: event.seq, batchIndex: event.batchIndex };
        this.log.error({ ...where, error: error.message }, 'poison event of a batch sent to dead letters');
        const { stream, durable: consumer } = this.options;
        await publishDeadLetter(this.js, this.options.deadLetterSubject, { stream, consumer }, event, error.message);
      }
    }
  }

  private async deadLetter(msg: JsMsg, error: Error): Promise<void> {
    this.log.error({ subject: msg.subject, seq: msg.seq, error: error.message }, 'poison message sent to dead letters');
    try {
      await publishDeadLetter(
        this.js,
        this.options.deadLetterSubject,
        { stream: this.options.stream, consumer: this.options.durable },
        msg,
        error.message,
      );
      msg.term();
    } catch (publishError) {
      // Without a dead-letter copy the message must not be dropped: let it come back later.
      this.log.warn(
        { subject: msg.subject, seq: msg.seq, err: publishError },
        'dead-letter publish failed; will retry',
      );
      msg.nak(5000);
    }
  }
}
