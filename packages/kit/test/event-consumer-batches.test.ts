import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import { dispatch } from '@chrono/contracts';
import { ensureConsumer, ensureStream, EventConsumer, PoisonMessageError, publishMessage } from '@chrono/kit';
import { PrivateNats, waitFor } from '@chrono/testkit';

// The batch loop of EventConsumer, against a real NATS JetStream server of the test's own.
describe('EventConsumer batches', () => {
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

  it('handles waiting messages in batches, and falls back to one by one when a batch fails', async () => {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    await ensureConsumer(jsm, { stream, durable: 'batcher', filterSubjects: [`${subject}.batch`], ackWaitMs: 10_000 });
    for (let i = 0; i < 300; i++)
      await publishMessage(
        js,
        `${subject}.batch`,
        'chrono.events.v1.DispatchRequest',
        dispatch.DispatchRequest,
        request(`b${i}`),
        `batch-${i}-${suffix}`,
      );
    const batches: number[] = [];
    const single: string[] = [];
    const consumer = new EventConsumer(
      js,
      {
        stream,
        durable: 'batcher',
        deadLetterSubject: `deadletter.${suffix}`,
        concurrency: 2,
        maxBatch: 50,
        handleBatch: async (messages) => {
          if (messages.some((m) => dispatch.DispatchRequest.decode(m.data).jobId === 'b150'))
            throw new Error('one bad message');
          batches.push(messages.length);
        },
      },
      async (message) => {
        const { jobId } = dispatch.DispatchRequest.decode(message.data);
        if (jobId === 'b150') throw new PoisonMessageError('bad');
        single.push(jobId);
      },
      log,
    );
    await consumer.start();
    await waitFor(
      async () =>
        (await jsm.consumers.info(stream, 'batcher')).num_ack_pending === 0 &&
        (await jsm.consumers.info(stream, 'batcher')).num_pending === 0,
      { what: 'all 300 handled' },
    );
    await consumer.stop();
    expect(Math.max(...batches)).toBeLessThanOrEqual(50);
    expect(batches.length).toBeLessThan(300);
    // The batch holding the bad message went one by one: its other messages were handled, the bad one dead-lettered.
    expect(batches.reduce((a, b) => a + b, 0) + single.length).toBe(299);
    expect(single).not.toContain('b150');
  });

  it('with a batch wait, lets messages that arrive one after another share a batch', async () => {
    const jsm = await nc.jetstreamManager();
    const js = nc.jetstream();
    await ensureConsumer(jsm, { stream, durable: 'waiter', filterSubjects: [`${subject}.wait`], ackWaitMs: 10_000 });
    const batches: string[][] = [];
    const consumer = new EventConsumer(
      js,
      {
        stream,
        durable: 'waiter',
        deadLetterSubject: `deadletter.${suffix}`,
        maxBatch: 50,
        batchWaitMs: 60_000,
        handleBatch: async (messages) => {
          batches.push(messages.map((m) => dispatch.DispatchRequest.decode(m.data).jobId));
        },
      },
      async () => {
        throw new Error('the batch handler takes them all');
      },
      log,
    );
    await consumer.start();
    // Each publish waits for the stream's ack, so the consumer sees them one by one; none is handled
    // before the 50th arrives, since the wait (a minute) outlasts them all.
    const ids = Array.from({ length: 50 }, (_, i) => `w${i}`);
    for (const [i, id] of ids.entries())
      await publishMessage(
        js,
        `${subject}.wait`,
        'chrono.events.v1.DispatchRequest',
        dispatch.DispatchRequest,
        request(id),
        `wait-${i}-${suffix}`,
      );
    await waitFor(() => batches.length > 0, { what: 'the full batch' });
    await consumer.stop();
    expect(batches).toEqual([ids]);
  });
});
