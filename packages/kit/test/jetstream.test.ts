import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { dispatch } from '@chrono/contracts';
import {
  ensureConsumer,
  ensureStream,
  EventConsumer,
  PoisonMessageError,
  publishMessage,
  type DeliveredMessage,
} from '@chrono/kit';
import { PrivateNats, waitFor } from '@chrono/testkit';

// Against a real NATS JetStream server of the test's own, so no other stream's subjects can overlap.
describe('JetStream helpers', () => {
  let server: PrivateNats;
  let nc: NatsConnection;
  const suffix = randomBytes(3).toString('hex');
  const stream = `TEST_${suffix.toUpperCase()}`;
  const subject = `test.${suffix}`;
  const deadLetters = `TEST_DLQ_${suffix.toUpperCase()}`;
  const log = pino({ level: 'silent' });

  beforeAll(async () => {
    server = await PrivateNats.start();
    nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, { name: stream, subjects: [`${subject}.>`], retention: 'limits' });
    await ensureStream(jsm, { name: deadLetters, subjects: [`deadletter.${suffix}`], retention: 'limits' });
  });

  afterAll(async () => {
    const jsm = await nc.jetstreamManager();
    await jsm.streams.delete(stream).catch(() => undefined);
    await jsm.streams.delete(deadLetters).catch(() => undefined);
    await nc.close();
    await server.stop();
  });

  const request = (jobId: string): dispatch.DispatchRequest => ({
    jobId,
    runId: 'run-1',
    userId: 'user-1',
    attempt: 1,
    payload: { n: 1 },
    target: undefined,
    timeoutMs: 1000,
    dueAt: new Date(),
    dispatchedAt: new Date(),
    occurrenceAt: undefined,
  });

  it('creates streams and consumers idempotently, even from several callers at once', async () => {
    const jsm = await nc.jetstreamManager();
    const spec = { name: stream, subjects: [`${subject}.>`], retention: 'limits' as const, maxAgeMs: 3_600_000 };
    await Promise.all([ensureStream(jsm, spec), ensureStream(jsm, spec), ensureStream(jsm, spec)]);
    const consumer = { stream, durable: 'idem', filterSubjects: [`${subject}.idem`], ackWaitMs: 5000 };
    await Promise.all([ensureConsumer(jsm, consumer), ensureConsumer(jsm, consumer)]);
    expect((await jsm.streams.info(stream)).config.max_age).toBe(3_600_000 * 1_000_000);
    expect((await jsm.consumers.info(stream, 'idem')).config.ack_wait).toBe(5000 * 1_000_000);
  });

  it('drops a re-publish with the same Nats-Msg-Id and keeps the type header', async () => {
    const js = nc.jetstream();
    const first = await publishMessage(
      js,
      `${subject}.dedupe`,
      'chrono.events.v1.DispatchRequest',
      dispatch.DispatchRequest,
      request('job-a'),
      `msg-${suffix}`,
    );
    const again = await publishMessage(
      js,
      `${subject}.dedupe`,
      'chrono.events.v1.DispatchRequest',
      dispatch.DispatchRequest,
      request('job-a'),
      `msg-${suffix}`,
    );
    expect(first.duplicate).toBe(false);
    expect(again.duplicate).toBe(true);
    expect(again.seq).toBe(first.seq);
    const stored = await (await nc.jetstreamManager()).streams.getMessage(stream, { seq: first.seq });
    expect(stored.header.get('Chrono-Type')).toBe('chrono.events.v1.DispatchRequest');
    expect(dispatch.DispatchRequest.decode(stored.data).jobId).toBe('job-a');
  });

  it('acks handled messages, redelivers failed ones and dead-letters poison ones', async () => {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    await ensureConsumer(jsm, { stream, durable: 'worker', filterSubjects: [`${subject}.work`], ackWaitMs: 10_000 });
    const seen: string[] = [];
    let failedOnce = false;
    const consumer = new EventConsumer(
      js,
      { stream, durable: 'worker', deadLetterSubject: `deadletter.${suffix}`, maxRetryDelayMs: 100 },
      async (message: DeliveredMessage) => {
        const { jobId } = dispatch.DispatchRequest.decode(message.data);
        if (jobId === 'poison') throw new PoisonMessageError('cannot use this one');
        if (jobId === 'flaky' && !failedOnce) {
          failedOnce = true;
          throw new Error('transient');
        }
        seen.push(`${jobId}#${message.deliveryCount}`);
      },
      log,
    );
    await consumer.start();
    for (const jobId of ['one', 'poison', 'flaky', 'two']) {
      await publishMessage(
        js,
        `${subject}.work`,
        'chrono.events.v1.DispatchRequest',
        dispatch.DispatchRequest,
        request(jobId),
        `${jobId}-${suffix}`,
      );
    }
    await waitFor(() => seen.length === 3, { what: 'three handled messages' });
    await consumer.stop();

    expect(seen).toEqual(expect.arrayContaining(['one#1', 'two#1', 'flaky#2']));
    // The server applies acks apart from API requests: an info call sent after the last ack may not count it yet.
    await waitFor(
      async () => {
        const { num_ack_pending, num_pending } = await jsm.consumers.info(stream, 'worker');
        return { num_ack_pending, num_pending };
      },
      {
        until: (counts) => counts.num_ack_pending === 0 && counts.num_pending === 0,
        what: 'the consumer to have every message acked',
      },
    );
    const dead = await jsm.streams.getMessage(deadLetters, { last_by_subj: `deadletter.${suffix}` });
    expect(JSON.parse(new TextDecoder().decode(dead.data))).toMatchObject({
      stream,
      consumer: 'worker',
      subject: `${subject}.work`,
      error: 'cannot use this one',
    });
  });
});
