import { randomUUID } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import { eventTypes, execution } from '@chrono/contracts';
import { unary, unaryError, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';
import { publishExecution, publishState, type StateFields } from './progress-publishers';

const Kind = execution.ExecutionEventKind;

// What executors and the scheduler report comes back into the job and its history, once.
describe('job progress from executors and the scheduler', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const outcome = (
    jobId: string,
    runId: string,
    attempt: number,
    kind: execution.ExecutionEventKind,
    extra: Partial<execution.ExecutionEvent> = {},
  ) => publishExecution(f, { jobId, runId, attempt, kind, ...extra });
  const state = (jobId: string, sequence: number, fields: StateFields) => publishState(f, jobId, sequence, fields);
  const executions = (id: string) => unary(f.client.listJobExecutions.bind(f.client), { id }, f.alice);
  const job = (id: string) => unary(f.client.getJob.bind(f.client), { id }, f.alice);

  it('records each attempt once, however often its outcome is delivered, newest first', async () => {
    const { id } = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    await outcome(id, 'run-1', 1, Kind.EXECUTION_EVENT_KIND_STARTED);
    await outcome(id, 'run-1', 1, Kind.EXECUTION_EVENT_KIND_FAILED, {
      errorMessage: 'HTTP 503 from https://example.com',
    });
    await outcome(id, 'run-1', 1, Kind.EXECUTION_EVENT_KIND_FAILED, {
      errorMessage: 'HTTP 503 from https://example.com',
    });
    await outcome(id, 'run-1', 2, Kind.EXECUTION_EVENT_KIND_SUCCEEDED, {
      result: { sent: 3 },
      completedAt: new Date('2030-01-01T00:00:05Z'),
      dueAt: new Date('2029-12-31T23:59:58Z'),
    });
    await outcome(id, 'run-1', 2, Kind.EXECUTION_EVENT_KIND_SUCCEEDED, {
      result: { sent: 3 },
      completedAt: new Date('2030-01-01T00:00:05Z'),
      dueAt: new Date('2029-12-31T23:59:58Z'),
    });

    // Items, not total: ListJobExecutions counts in a second query, which may already see a row the first did not.
    const history = await waitFor(
      async () => {
        const page = await executions(id);
        return page.items.length >= 2 && page;
      },
      { what: 'two executions' },
    );
    // Give a straggling duplicate the chance to show up before asserting there is none.
    await waitFor(
      async () =>
        (await f.nats.jetstreamManager().then((m) => m.consumers.info('EXECUTIONS', 'catalog-executions')))
          .num_ack_pending === 0,
      { what: 'all outcomes handled' },
    );
    expect((await executions(id)).total).toBe(2);
    // The due time the executor copied from the dispatch request; none from a publisher that sends none.
    expect(history.items.map((e) => [e.attemptNumber, e.status, e.errorMessage, e.result, e.dueAt])).toEqual([
      [2, 'success', undefined, { sent: 3 }, new Date('2029-12-31T23:59:58Z')],
      [1, 'failed', 'HTTP 503 from https://example.com', undefined, undefined],
    ]);
    expect(await job(id)).toMatchObject({
      startedAt: new Date('2030-01-01T00:00:00Z'),
      completedAt: new Date('2030-01-01T00:00:05Z'),
      result: { sent: 3 },
    });
    expect((await job(id)).errorMessage).toBeUndefined();
  });

  it('takes status, next run and retry count from the scheduler, ignoring states older than the last one applied', async () => {
    const { id } = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    const next = new Date('2030-02-01T00:00:00Z');
    await state(id, 2, { status: 'pending', retryCount: 1, nextRunAt: next });
    await waitFor(async () => (await job(id)).retryCount === 1, { what: 'the retry state' });
    await state(id, 1, { status: 'running' });
    await state(id, 3, { status: 'completed', retryCount: 1 });
    const done = await waitFor(
      async () => {
        const current = await job(id);
        return current.status === 'completed' && current;
      },
      { what: 'completed' },
    );
    expect(done).toMatchObject({ status: 'completed', isActive: false, retryCount: 1 });
    expect(done.nextRunAt).toBeUndefined();

    const error = await unaryError(f.client.cancelJob.bind(f.client), { id }, f.alice);
    expect([error.code, error.details]).toEqual([status.FAILED_PRECONDITION, 'a completed job cannot be cancelled']);
  });

  it('keeps a cancelled job cancelled when a run that was already under way reports back', async () => {
    const { id } = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    await unary(f.client.cancelJob.bind(f.client), { id }, f.alice);
    await state(id, 1, { status: 'completed' });
    await outcome(id, 'late-run', 1, Kind.EXECUTION_EVENT_KIND_SUCCEEDED);
    await waitFor(async () => (await executions(id)).total === 1, { what: 'the late outcome recorded' });
    expect((await job(id)).status).toBe('cancelled');
  });

  it('drops reports about deleted jobs and dead-letters malformed ones without blocking the stream', async () => {
    const { id } = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    await unary(f.client.deleteJob.bind(f.client), { id }, f.alice);
    await outcome(id, 'gone-run', 1, Kind.EXECUTION_EVENT_KIND_SUCCEEDED);
    await f.nats
      .jetstream()
      .publish(`executions.garbage.${randomUUID()}`, new Uint8Array([0xff, 0xff, 0xff]), { msgID: randomUUID() });

    const after = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    await outcome(after.id, 'next-run', 1, Kind.EXECUTION_EVENT_KIND_SUCCEEDED);
    await waitFor(async () => (await executions(after.id)).total === 1, {
      what: 'the outcome behind the poison message',
    });
    const dead = await (
      await f.nats.jetstreamManager()
    ).streams.getMessage('DEAD_LETTERS', { last_by_subj: 'deadletter.catalog-executions' });
    expect(JSON.parse(new TextDecoder().decode(dead.data))).toMatchObject({
      consumer: 'catalog-executions',
      error: expect.stringContaining(eventTypes.executionEvent),
    });
  });
});
