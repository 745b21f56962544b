import { randomUUID } from 'node:crypto';
import { AckPolicy, connect, type NatsConnection } from 'nats';
import { dispatch, eventTypes, jobEvent } from '@chrono/contracts';
import { publishMessage } from '@chrono/kit';
import {
  closeHealthClients,
  healthStatus,
  PrivateNats,
  scratchDatabase,
  ServiceProcess,
  waitFor,
} from '@chrono/testkit';
import { jobOf, Kind } from './scheduler-fixture';

// DISPATCH refuses new requests when full (it is a work queue: everything in it is still to run). That
// must be loud, in the logs and in the health check, and lose nothing.
describe('a full DISPATCH stream', () => {
  const database = scratchDatabase();
  let nats: PrivateNats;
  let nc: NatsConnection;
  let scheduler: ServiceProcess;

  beforeAll(async () => {
    nats = await PrivateNats.start();
    // 16 KiB of requests at most; each of these jobs makes one of about 2 KB.
    scheduler = await ServiceProcess.start('scheduler', {
      ...database.env,
      NATS_URL: nats.url,
      MAX_JOB_BYTES: '4096',
      NATS_STREAM_MAX_BYTES: 'DISPATCH=16384',
      SCHEDULER_LEASE: '2s',
    });
    nc = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await nc?.close();
    await scheduler?.stop('SIGKILL');
    await nats?.stop();
    closeHealthClients();
    await database.drop();
  });

  it('is named in the logs and the health check while no executor takes requests, and every run goes out once they do', async () => {
    const js = nc.jetstream();
    const jobs = Array.from({ length: 10 }, () =>
      jobOf({ scheduledAt: new Date(), payload: { blob: 'x'.repeat(2000) } }),
    );
    for (const job of jobs)
      await publishMessage(
        js,
        `jobs.events.${job.id}`,
        eventTypes.jobEvent,
        jobEvent.JobEvent,
        { eventId: randomUUID(), kind: Kind.JOB_EVENT_KIND_CREATED, version: 1, occurredAt: new Date(), job },
        randomUUID(),
      );

    await waitFor(
      () => scheduler.logs.includes('dispatch to stream DISPATCH failed: the stream is full (maximum bytes exceeded)'),
      { what: 'a refused dispatch in the logs' },
    );
    // The health check names the stream (and says NOT_SERVING for as long as it is full).
    await waitFor(
      () =>
        /dependency failing: stream DISPATCH: stream DISPATCH is full: it holds \d+ of its 16384 bytes \(max_bytes\)/.test(
          scheduler.logs,
        ),
      { what: 'the full stream in the health log' },
    );
    expect(await healthStatus(scheduler.address)).toBe('NOT_SERVING');

    // Executors arrive: every job runs once, and the stream and the health check recover.
    const jsm = await nc.jetstreamManager();
    await jsm.consumers.add('DISPATCH', {
      durable_name: 'executors',
      ack_policy: AckPolicy.Explicit,
      filter_subject: 'dispatch.jobs',
    });
    const taken: string[] = [];
    const messages = await (await js.consumers.get('DISPATCH', 'executors')).consume();
    void (async () => {
      for await (const message of messages) {
        taken.push(dispatch.DispatchRequest.decode(message.data).jobId);
        message.ack();
      }
    })();
    await waitFor(() => taken.length === jobs.length, { what: 'every job dispatched', timeoutMs: 30_000 });
    await messages.close();
    expect(taken.sort()).toEqual(jobs.map((job) => job.id).sort());
    await waitFor(async () => (await healthStatus(scheduler.address)) === 'SERVING', {
      what: 'the scheduler SERVING again',
      timeoutMs: 30_000,
    });
  });
});

describe('scheduler start-up against max_payload', () => {
  const database = scratchDatabase();
  let nats: PrivateNats;
  beforeAll(async () => {
    nats = await PrivateNats.start({ maxPayload: 131_072 });
  });
  afterAll(async () => {
    await nats?.stop();
    await database.drop();
  });

  it('exits 78 naming MAX_JOB_BYTES and the server limit when a dispatch request could exceed max_payload', async () => {
    const service = await ServiceProcess.spawn('scheduler', { ...database.env, NATS_URL: nats.url });
    expect(await service.exited).toBe(78);
    expect(service.logs).toContain(
      `scheduler: the NATS server at 127.0.0.1:${nats.port} accepts messages of at most 131072 bytes (its max_payload), but dispatch requests can take 263680 bytes ` +
        "(MAX_JOB_BYTES (262144) plus 1536 for the request's other fields and headers).",
    );
    expect(service.logs).not.toMatch(/\n\s+at /);
  });
});
