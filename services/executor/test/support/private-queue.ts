import { randomBytes, randomUUID } from 'node:crypto';
import { dispatch, eventBatch, eventTypes, execution, streamSpec, topology } from '@chrono/contracts';
import { ensureStream } from '@chrono/kit';
import { waitFor } from '@chrono/testkit';
import {
  connect,
  DeliverPolicy,
  headers,
  type ConsumerMessages,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  type NatsConnection,
} from 'nats';

export type OutcomeKind = 'started' | 'succeeded' | 'failed';

/** An event the executors published, as it would have been alone: its subject, event and headers. */
interface SeenEvent {
  /** The stream sequence of the message that carried it (one for all the events of a batch). */
  seq: number;
  subject: string;
  event: execution.ExecutionEvent;
  headers: Record<string, string>;
}

/**
 * A dispatch work queue of a test's own (stream, subject and consumer with a random suffix), so
 * that the test decides which executors take its work. Outcomes still go to the shared EXECUTIONS
 * stream; the test finds its own by job id.
 */
export class PrivateQueue {
  readonly stream: string;
  readonly subject: string;
  readonly consumer: string;
  private readonly jobIds = new Set<string>();
  private readonly seen: SeenEvent[] = [];
  private watching?: ConsumerMessages;

  private constructor(
    readonly nc: NatsConnection,
    readonly js: JetStreamClient,
    readonly jsm: JetStreamManager,
  ) {
    const suffix = randomBytes(4).toString('hex');
    this.stream = `DISPATCH_TEST_${suffix}`;
    this.subject = `dispatch.test.${suffix}`;
    this.consumer = `executors-test-${suffix}`;
  }

  static async create(): Promise<PrivateQueue> {
    const nc = await connect({ servers: process.env.NATS_URL ?? 'localhost:4222' });
    const queue = new PrivateQueue(nc, nc.jetstream(), await nc.jetstreamManager());
    await ensureStream(queue.jsm, { name: queue.stream, subjects: [queue.subject], retention: 'workqueue' });
    // The shared streams the executor writes to, as it would make them: the outcomes are watched before
    // any executor has started, and on a fresh server no one may have made them yet.
    for (const shared of [topology.executions, topology.deadLetters])
      await ensureStream(queue.jsm, streamSpec(shared, { streamReplicas: 1 }));
    await queue.watchOutcomes();
    return queue;
  }

  // Every outcome the EXECUTIONS stream stores from now on (a duplicate JetStream dropped is not
  // among them), batches taken apart, read in stream order before any request is queued.
  private async watchOutcomes(): Promise<void> {
    const consumer = await this.js.consumers.get(topology.executions.stream, {
      filterSubjects: `${topology.executions.subjectPrefix}.>`,
      deliver_policy: DeliverPolicy.New,
    });
    const messages = await consumer.consume();
    this.watching = messages;
    void (async () => {
      for await (const msg of messages) this.seen.push(...eventsOf(msg));
    })();
  }

  /** The variables that point an executor at this queue. */
  get env(): Record<string, string> {
    return {
      EXECUTOR_DISPATCH_STREAM: this.stream,
      EXECUTOR_DISPATCH_SUBJECT: this.subject,
      EXECUTOR_CONSUMER: this.consumer,
    };
  }

  /** Publishes a dispatch request (fresh ids, attempt 1, unless given) and returns it. */
  async dispatch(fields: Partial<dispatch.DispatchRequest> = {}): Promise<dispatch.DispatchRequest> {
    const request: dispatch.DispatchRequest = {
      jobId: randomUUID(),
      runId: randomUUID(),
      userId: randomUUID(),
      attempt: 1,
      payload: undefined,
      target: undefined,
      timeoutMs: 0,
      dueAt: new Date(),
      dispatchedAt: new Date(),
      occurrenceAt: undefined,
      ...fields,
    };
    this.jobIds.add(request.jobId);
    await this.publishRaw(dispatch.DispatchRequest.encode(request).finish(), `${request.jobId}:${request.attempt}`);
    return request;
  }

  /** Publishes bytes on the queue as if they were a dispatch request. */
  async publishRaw(data: Uint8Array, msgId: string = randomUUID()): Promise<number> {
    const h = headers();
    h.set('Chrono-Type', eventTypes.dispatchRequest);
    return (await this.js.publish(this.subject, data, { headers: h, msgID: msgId })).seq;
  }

  consumerInfo() {
    return this.jsm.consumers.info(this.stream, this.consumer);
  }

  /** The latest event of a kind for a job, with its headers (as if it had been published alone), if there is one. */
  async outcome(
    jobId: string,
    kind: OutcomeKind,
  ): Promise<{ event: execution.ExecutionEvent; headers: Record<string, string> } | undefined> {
    const subject = `${topology.executions.subjectPrefix}.${kind}.${jobId}`;
    return [...this.seen].reverse().find((seen) => seen.subject === subject);
  }

  /** Waits for a job's outcome of `kind` and returns the event. */
  async waitForOutcome(jobId: string, kind: OutcomeKind, timeoutMs = 20_000): Promise<execution.ExecutionEvent> {
    const found = await waitFor(() => this.outcome(jobId, kind), {
      timeoutMs,
      what: `${kind} of job ${jobId}`,
      intervalMs: 100,
    });
    return found.event;
  }

  /** Waits for a job's final outcome, succeeded or failed. */
  async waitForEnd(jobId: string, timeoutMs = 20_000): Promise<execution.ExecutionEvent> {
    const found = await waitFor(
      async () => (await this.outcome(jobId, 'succeeded')) ?? (await this.outcome(jobId, 'failed')),
      { timeoutMs, what: `the end of job ${jobId}`, intervalMs: 100 },
    );
    return found.event;
  }

  /** How many events of each kind the executors published for a job. */
  async outcomeCounts(jobId: string): Promise<Record<OutcomeKind, number>> {
    const count = (kind: OutcomeKind) =>
      this.seen.filter((seen) => seen.subject === `${topology.executions.subjectPrefix}.${kind}.${jobId}`).length;
    return { started: count('started'), succeeded: count('succeeded'), failed: count('failed') };
  }

  /** How many stream messages carried the events of these jobs. */
  messagesCarrying(jobIds: string[]): number {
    const ids = new Set(jobIds);
    return new Set(this.seen.filter((seen) => ids.has(seen.event.jobId)).map((seen) => seen.seq)).size;
  }

  /** Deletes the stream (and with it the consumer), this queue's outcomes and dead letters, and closes the connection. */
  async close(): Promise<void> {
    await this.watching?.close();
    await this.jsm.streams.delete(this.stream).catch(() => undefined);
    for (const jobId of this.jobIds) {
      await this.jsm.streams
        .purge(topology.executions.stream, { filter: `${topology.executions.subjectPrefix}.*.${jobId}` })
        .catch(() => undefined);
    }
    await this.jsm.streams
      .purge(topology.deadLetters.stream, { filter: `${topology.deadLetters.subjectPrefix}.${this.consumer}` })
      .catch(() => undefined);
    await this.nc.close();
  }
}

function eventsOf(msg: JsMsg): SeenEvent[] {
  const type = msg.headers?.get('Chrono-Type');
  if (type !== eventTypes.eventBatch) {
    const h: Record<string, string> = {};
    for (const key of msg.headers?.keys() ?? []) h[key] = msg.headers?.get(key) ?? '';
    return [{ seq: msg.seq, subject: msg.subject, event: execution.ExecutionEvent.decode(msg.data), headers: h }];
  }
  const batch = eventBatch.EventBatch.decode(msg.data);
  return batch.events.map(({ subject, id, body }) => ({
    seq: msg.seq,
    subject,
    event: execution.ExecutionEvent.decode(body),
    headers: { 'Chrono-Type': batch.type, 'Nats-Msg-Id': id },
  }));
}
