import { status } from '@grpc/grpc-js';
import { execution, jobState } from '@chrono/contracts';
import { unary, unaryError, waitFor } from '@chrono/testkit';
import { oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';
import { publishExecution, publishState, type StateFields } from './progress-publishers';

const Kind = execution.ExecutionEventKind;
const Outcome = jobState.OccurrenceOutcome;
const MINUTE = 60_000;

// The occurrence ledger from what the scheduler and the executors report, in whatever order, and
// what ListOccurrences and GetJob's stats answer from it.
describe('the occurrence ledger', () => {
  let f: CatalogFixture;
  beforeAll(async () => {
    f = await startCatalogFixture();
  });
  afterAll(() => f?.close());

  const attempt = (
    jobId: string,
    runId: string,
    n: number,
    kind: execution.ExecutionEventKind,
    occurrenceAt: Date,
    startedAt: Date,
  ) =>
    publishExecution(f, {
      jobId,
      runId,
      attempt: n,
      kind,
      startedAt,
      completedAt: kind === Kind.EXECUTION_EVENT_KIND_STARTED ? undefined : new Date(startedAt.getTime() + 10),
      errorMessage: kind === Kind.EXECUTION_EVENT_KIND_FAILED ? 'boom' : '',
      dueAt: new Date(occurrenceAt.getTime() + (n - 1) * 5000),
      occurrenceAt,
    });
  const state = (jobId: string, sequence: number, fields: StateFields) => publishState(f, jobId, sequence, fields);
  const dispatched = (jobId: string, sequence: number, runId: string, runDueAt: Date) =>
    state(jobId, sequence, {
      status: 'running',
      runId,
      occurredAt: new Date(runDueAt.getTime() + 100),
      occurrences: { runDueAt, passedOver: [], passedOverOmitted: 0 },
    });
  const list = (id: string, query: Record<string, unknown> = {}, who = f.alice) =>
    unary(f.client.listOccurrences.bind(f.client), { id, ...query }, who);

  it('records runs, skipped and missed occurrences once each, and answers them newest first with stats', async () => {
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: '* * * * *', maxRetries: 1 }),
      f.alice,
    );
    const t0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 10 * MINUTE);
    const at = (minutes: number, ms = 0) => new Date(t0.getTime() + minutes * MINUTE + ms);
    // t0: two attempts, both failed (max 1 retry): failed.
    await dispatched(job.id, 1, 'r1', t0);
    await attempt(job.id, 'r1', 1, Kind.EXECUTION_EVENT_KIND_STARTED, t0, at(0, 200));
    await attempt(job.id, 'r1', 1, Kind.EXECUTION_EVENT_KIND_FAILED, t0, at(0, 200));
    await attempt(job.id, 'r1', 2, Kind.EXECUTION_EVENT_KIND_FAILED, t0, at(0, 5300));
    // t0+1 skipped and t0+2 missed, reported twice (the second report changes nothing).
    const passedOver = [
      { dueAt: at(1), outcome: Outcome.OCCURRENCE_OUTCOME_SKIPPED },
      { dueAt: at(2), outcome: Outcome.OCCURRENCE_OUTCOME_MISSED },
    ];
    for (const sequence of [2, 2])
      await state(job.id, sequence, { occurrences: { runDueAt: undefined, passedOver, passedOverOmitted: 0 } });
    // t0+3: the outcome comes before the state of its dispatch; t0+4 is in flight.
    await attempt(job.id, 'r2', 1, Kind.EXECUTION_EVENT_KIND_SUCCEEDED, at(3), at(3, 50));
    await dispatched(job.id, 3, 'r2', at(3));
    await dispatched(job.id, 4, 'r3', at(4));

    // The attempts come from the execution history, written just after the ledger (each committed on its own): wait for them too.
    const outcomes = async () =>
      (await list(job.id)).items.map((o) => [o.dueAt?.getTime(), o.outcome ?? 'in flight', o.attempts.length]);
    const expected = [
      [at(4).getTime(), 'in flight', 0],
      [at(3).getTime(), 'succeeded', 1],
      [at(2).getTime(), 'missed', 0],
      [at(1).getTime(), 'skipped', 0],
      [t0.getTime(), 'failed', 2],
    ];
    await waitFor(async () => JSON.stringify(await outcomes()) === JSON.stringify(expected), {
      timeoutMs: 20_000,
      what: 'the ledger to hold the five occurrences and their attempts',
    });
    const page = await list(job.id);
    expect(page.total).toBe(5);
    const executions = await unary(f.client.listJobExecutions.bind(f.client), { id: job.id }, f.alice);
    const byAttempt = new Map(executions.items.map((e) => [`${e.attemptNumber}:${e.dueAt?.getTime()}`, e.id]));
    expect(page.items[4]).toMatchObject({
      runId: 'r1',
      dispatchedAt: at(0, 100),
      startedAt: at(0, 200),
      latenessMs: 200,
      attempts: [
        { attemptNumber: 1, status: 'failed', executionId: byAttempt.get(`1:${t0.getTime()}`) },
        { attemptNumber: 2, status: 'failed', executionId: byAttempt.get(`2:${at(0, 5000).getTime()}`) },
      ],
    });
    expect(page.items[3]).toMatchObject({ outcome: 'skipped', attempts: [] });
    expect(page.items[3].runId).toBeUndefined();
    expect(page.items[1]).toMatchObject({
      runId: 'r2',
      dispatchedAt: at(3, 100),
      latenessMs: 50,
      finishedAt: at(3, 60),
    });
    expect(page.items[0]).toMatchObject({ runId: 'r3', dispatchedAt: at(4, 100), attempts: [] });
    expect(page.items[0].latenessMs).toBeUndefined();

    const { stats } = await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice);
    const counts = { occurrences: 5, succeeded: 1, failed: 1, skipped: 1, missed: 1, cancelled: 0, inFlight: 1 };
    expect(stats?.last24h).toEqual({ ...counts, latenessP50Ms: 125, latenessP99Ms: expect.closeTo(198.5, 3) });
    expect(stats?.last7d).toEqual(stats?.last24h);
    const listed = await unary(f.client.listJobs.bind(f.client), {}, f.alice);
    expect(listed.items.find((item) => item.id === job.id)?.stats).toBeUndefined();

    // Pages and due-time ranges (both ends inclusive).
    const second = await list(job.id, { page: 2, limit: 2 });
    expect([second.total, second.page, second.limit]).toEqual([5, 2, 2]);
    expect(second.items.map((o) => o.dueAt)).toEqual([at(2), at(1)]);
    const range = await list(job.id, { from: at(1).toISOString(), to: at(3).toISOString() });
    expect([range.total, range.items.map((o) => o.dueAt)]).toEqual([3, [at(3), at(2), at(1)]]);
  });

  it('records a run whose attempt was cancelled (overlap policy cancel_previous) as cancelled, not retried or failed', async () => {
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: '* * * * *', maxRetries: 3 }),
      f.alice,
    );
    const t0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE);
    await dispatched(job.id, 1, 'c1', t0);
    await attempt(job.id, 'c1', 1, Kind.EXECUTION_EVENT_KIND_CANCELLED, t0, new Date(t0.getTime() + 300));
    await waitFor(async () => (await list(job.id)).items[0]?.outcome === 'cancelled', {
      timeoutMs: 20_000,
      what: 'the cancelled occurrence in the ledger',
    });
    const { stats } = await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice);
    expect(stats?.last24h).toMatchObject({ occurrences: 1, cancelled: 1, failed: 0, inFlight: 0 });
  });

  it('records the attempts of a job with notifications, whose outcomes commit with their deliveries', async () => {
    const notifications = [{ on: ['failed'], http: { url: 'https://hooks.example.com/failed', headers: {} } }];
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: '* * * * *', maxRetries: 0, notifications }),
      f.alice,
    );
    const t0 = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 5 * MINUTE);
    await dispatched(job.id, 1, 'n1', t0);
    await attempt(job.id, 'n1', 1, Kind.EXECUTION_EVENT_KIND_FAILED, t0, new Date(t0.getTime() + 300));
    const [settled] = await waitFor(
      async () => {
        const { items } = await list(job.id);
        return items[0]?.outcome === 'failed' && items;
      },
      { what: 'the failed occurrence in the ledger' },
    );
    expect(settled.attempts.map((a) => [a.attemptNumber, a.status])).toEqual([[1, 'failed']]);
    const deliveries = await unary(f.client.listNotificationDeliveries.bind(f.client), { id: job.id }, f.alice);
    expect(deliveries.items.map((d) => d.event)).toEqual(['failed']);
  });

  it('notifies a missed occurrence once, however often it is reported', async () => {
    const notifications = [{ on: ['missed'], http: { url: 'https://hooks.example.com/missed', headers: {} } }];
    const job = await unary(
      f.client.createJob.bind(f.client),
      oneTimeJob({ type: 'recurring', cronExpression: '* * * * *', notifications }),
      f.alice,
    );
    const dueAt = new Date(Math.floor(Date.now() / MINUTE) * MINUTE - 3 * MINUTE);
    const passedOver = [{ dueAt, outcome: Outcome.OCCURRENCE_OUTCOME_MISSED }];
    for (const sequence of [1, 2])
      await state(job.id, sequence, { occurrences: { runDueAt: undefined, passedOver, passedOverOmitted: 0 } });
    const deliveries = () => unary(f.client.listNotificationDeliveries.bind(f.client), { id: job.id }, f.alice);
    // A run after them marks that the states before it were taken (the same job's states, in order).
    await dispatched(job.id, 3, 'after', new Date(dueAt.getTime() + MINUTE));
    await waitFor(async () => (await list(job.id)).total === 2, { what: 'the missed occurrence and the run after it' });
    await waitFor(async () => (await deliveries()).total >= 1, { what: 'the missed notification' });
    expect((await deliveries()).total).toBe(1);
    expect((await deliveries()).items[0]).toMatchObject({ event: 'missed', url: 'https://hooks.example.com/missed' });
  });

  it('refuses bad filters and paging naming the field, and hides another user’s job', async () => {
    const job = await unary(f.client.createJob.bind(f.client), oneTimeJob(), f.alice);
    for (const [query, field] of [
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-02-30' }, 'to'],
      [{ from: '2026-03-02', to: '2026-03-01' }, 'from'],
      [{ limit: 0 }, 'limit'],
      [{ page: 0 }, 'page'],
    ] as const) {
      const error = await unaryError(f.client.listOccurrences.bind(f.client), { id: job.id, ...query }, f.alice);
      expect([error.code, error.details]).toEqual([status.INVALID_ARGUMENT, expect.stringContaining(field)]);
    }
    const hidden = await unaryError(f.client.listOccurrences.bind(f.client), { id: job.id }, f.bob);
    expect(hidden.code).toBe(status.NOT_FOUND);
    const empty = await list(job.id, { from: '2026-01-01' });
    expect([empty.total, empty.items]).toEqual([0, []]);
    const { stats } = await unary(f.client.getJob.bind(f.client), { id: job.id }, f.alice);
    expect(stats?.last24h).toMatchObject({ occurrences: 0, latenessP50Ms: 0 });
  });
});
