import { connect, type JetStreamClient, type JetStreamManager, type NatsConnection } from 'nats';
import pino from 'pino';
import {
  classifyPublishError,
  ensureConsumer,
  ensureStream,
  EventConsumer,
  StartupError,
  streamProblem,
} from '@chrono/kit';
import { PrivateNats } from '@chrono/testkit';

// What a service's health check says of a stream, against a real NATS of the test's own with tiny streams.
describe('stream health', () => {
  let server: PrivateNats;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let js: JetStreamClient;

  beforeAll(async () => {
    server = await PrivateNats.start();
    nc = await connect({ servers: server.url });
    jsm = await nc.jetstreamManager();
    js = nc.jetstream();
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it("refuses to start (exit code 78) when the JetStream store cannot hold a stream's max_bytes, saying what to change", async () => {
    const small = await PrivateNats.start({ maxFileStore: 1024 ** 3 });
    const client = await connect({ servers: small.url });
    try {
      const refusal = await ensureStream(await client.jetstreamManager(), {
        name: 'BIG',
        subjects: ['big.>'],
        retention: 'limits',
        maxBytes: 2 * 1024 ** 3,
      }).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(StartupError);
      expect(refusal).toMatchObject({
        exitCode: 78,
        message: expect.stringMatching(
          /^cannot create or update stream BIG with max_bytes 2147483648 .*Raise max_file_store/,
        ),
      });
    } finally {
      await client.close();
      await small.stop();
    }
  });

  it('names a work queue that refuses new messages because it is full, and its publishers get a full-stream error', async () => {
    await ensureStream(jsm, {
      name: 'QUEUE',
      subjects: ['queue.jobs'],
      retention: 'workqueue',
      discard: 'new',
      maxBytes: 4096,
    });
    await ensureConsumer(jsm, { stream: 'QUEUE', durable: 'workers', filterSubjects: ['queue.jobs'] });
    const use = { stream: 'QUEUE', publishesBytes: 600, durables: ['workers'] };
    expect(await streamProblem(jsm, use)).toBeUndefined();

    let refusal: unknown;
    for (let i = 0; i < 20 && !refusal; i++)
      await js.publish('queue.jobs', Buffer.alloc(500)).catch((error: unknown) => (refusal = error));
    expect(classifyPublishError(refusal, 500)).toEqual({
      permanent: false,
      streamFull: true,
      reason: 'the stream is full (maximum bytes exceeded)',
    });
    expect(await streamProblem(jsm, use)).toMatch(
      /^stream QUEUE is full: it holds \d+ of its 4096 bytes \(max_bytes\) and refuses new messages until its consumers take some$/,
    );
    // Nothing was lost: the workers' consumer has every message still to come.
    expect((await jsm.consumers.info('QUEUE', 'workers')).num_pending).toBe(
      (await jsm.streams.info('QUEUE')).state.messages,
    );
  });

  it('names an event stream that dropped messages a durable consumer had not received, which the consumer also logs when it starts', async () => {
    await ensureStream(jsm, {
      name: 'EVENTS',
      subjects: ['events.>'],
      retention: 'limits',
      discard: 'old',
      maxBytes: 4096,
    });
    await ensureConsumer(jsm, { stream: 'EVENTS', durable: 'behind', filterSubjects: ['events.>'] });
    const use = { stream: 'EVENTS', durables: ['behind'] };
    for (let i = 0; i < 5; i++) await js.publish('events.a', Buffer.alloc(500));
    expect(await streamProblem(jsm, use)).toBeUndefined();

    for (let i = 0; i < 20; i++) await js.publish('events.a', Buffer.alloc(500));
    const { first_seq: first } = (await jsm.streams.info('EVENTS')).state;
    expect(first).toBeGreaterThan(1);
    expect(await streamProblem(jsm, use)).toBe(
      `stream EVENTS removed ${first - 1} messages before consumer behind received them: it reached its max_bytes (4096) or max_age while the consumer was behind`,
    );

    // A consumer created after the drop starts at the first message there is: it has missed nothing.
    await ensureConsumer(jsm, { stream: 'EVENTS', durable: 'newcomer', filterSubjects: ['events.>'] });
    expect(await streamProblem(jsm, { stream: 'EVENTS', durables: ['newcomer'] })).toBeUndefined();

    const lines: Array<{ level: number; msg: string; stream?: string; missed?: number }> = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const consumer = new EventConsumer(
      js,
      { stream: 'EVENTS', durable: 'behind', deadLetterSubject: 'events.dead' },
      async () => undefined,
      log,
    );
    await consumer.start();
    await consumer.stop();
    expect(lines.filter((line) => line.level === 50).map((line) => [line.stream, line.missed, line.msg])).toEqual([
      [
        'EVENTS',
        first - 1,
        `stream EVENTS removed ${first - 1} messages before consumer behind received them (max_bytes or max_age reached while it was behind)`,
      ],
    ]);
  });
});
