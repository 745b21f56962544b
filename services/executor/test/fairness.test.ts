import { randomUUID } from 'node:crypto';
import { sampleSum, scrape, waitFor } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';

const hold = (url: string) => ({ http: { url, headers: {}, body: undefined }, nats: undefined });

// EXECUTOR_MAX_SLOTS_PER_USER against the real NATS: one user's flood of slow jobs holds at most their
// share of an executor's slots, the requests it cannot start go back to the queue with a delay, and
// another user's jobs, queued behind the whole flood, run at once beside it.
describe('fair share of slots', () => {
  let rig: ExecutorRig;
  const alice = randomUUID();
  const bob = randomUUID();

  beforeAll(async () => {
    // 4 slots, 2 per user by default; held-back requests may wait long enough for this test.
    rig = await ExecutorRig.start({ EXECUTOR_CONCURRENCY: '4', EXECUTOR_MAX_QUEUE_WAIT: '5m' });
  });

  afterAll(() => rig?.close());

  it("runs another user's jobs while one user's flood of slow jobs waits, and the flood's own jobs once its slots come free", async () => {
    const { queue, target } = rig;
    const flood: Array<{ jobId: string }> = [];
    for (let i = 0; i < 8; i++)
      flood.push(await queue.dispatch({ userId: alice, timeoutMs: 120_000, target: hold(target.url('/hold')) }));

    // Alice holds her 2 slots; the other 6 requests were pulled and handed back, none left undelivered.
    await waitFor(() => target.holding === 2, { what: "two of alice's jobs to be running" });
    await waitFor(async () => (await queue.consumerInfo()).num_pending === 0, {
      what: "the executor to have pulled past alice's flood",
    });

    // Bob's jobs come after the whole flood in the queue, and run while alice's jobs still hang.
    const bobs: Array<{ jobId: string }> = [];
    for (let i = 0; i < 3; i++) bobs.push(await queue.dispatch({ userId: bob, target: hold(target.url('/json')) }));
    for (const request of bobs)
      expect((await queue.waitForOutcome(request.jobId, 'succeeded')).result).toEqual({ ok: true, n: 1 });
    expect(target.holding).toBe(2);
    const startedOfFlood = await Promise.all(flood.map((request) => queue.outcome(request.jobId, 'started')));
    expect(startedOfFlood.filter(Boolean)).toHaveLength(2);

    // The held-back requests were handed back to the queue, and counted.
    const { samples } = await scrape(await rig.executor.metricsUrl());
    expect(sampleSum(samples, 'chrono_executor_held_back_total', { outcome: 'deferred' })).toBeGreaterThanOrEqual(6);
    expect(sampleSum(samples, 'chrono_executor_held_back_total', { outcome: 'failed' })).toBe(0);

    // As alice's jobs end, her held-back ones take their slots, never more than 2 at once, each run once.
    let mostHeld = 0;
    await waitFor(
      async () => {
        mostHeld = Math.max(mostHeld, target.holding);
        target.release();
        return (await Promise.all(flood.map((request) => queue.outcome(request.jobId, 'succeeded')))).every(Boolean);
      },
      { what: "all of alice's jobs to succeed", timeoutMs: 60_000, intervalMs: 100 },
    );
    expect(mostHeld).toBeLessThanOrEqual(2);
    for (const request of flood) expect(target.hits(request.jobId)).toBe(1);
  });
});

// A request held back past EXECUTOR_MAX_QUEUE_WAIT fails rather than starting so late that the
// scheduler would already count the attempt lost and run it again.
describe('fair share: a request held back too long', () => {
  let rig: ExecutorRig;
  const alice = randomUUID();

  beforeAll(async () => {
    rig = await ExecutorRig.start({
      EXECUTOR_CONCURRENCY: '2',
      EXECUTOR_MAX_SLOTS_PER_USER: '1',
      EXECUTOR_MAX_QUEUE_WAIT: '2s',
    });
  });

  afterAll(() => rig?.close());

  it('fails the attempt without calling its target, acknowledges it, and says why', async () => {
    const { queue, target } = rig;
    const running = await queue.dispatch({ userId: alice, timeoutMs: 120_000, target: hold(target.url('/hold')) });
    await waitFor(() => target.holding === 1, { what: "alice's first job to be running" });
    const heldBack = await queue.dispatch({ userId: alice, timeoutMs: 120_000, target: hold(target.url('/hold')) });

    const failed = await queue.waitForOutcome(heldBack.jobId, 'failed');
    expect(failed.errorMessage).toBe(
      "not started within 2 s of its dispatch (EXECUTOR_MAX_QUEUE_WAIT): its owner's other jobs kept holding the most slots one user may take on an executor (EXECUTOR_MAX_SLOTS_PER_USER: 1)",
    );
    expect(failed.userId).toBe(alice);
    expect(await queue.outcomeCounts(heldBack.jobId)).toEqual({ started: 0, succeeded: 0, failed: 1 });
    expect(target.hits(heldBack.jobId)).toBe(0);
    // Acknowledged: only the running job is still unacked.
    await waitFor(async () => (await queue.consumerInfo()).num_ack_pending === 1, {
      what: 'the failed request to be acknowledged',
    });
    expect(await queue.outcome(running.jobId, 'failed')).toBeUndefined();
  });
});
