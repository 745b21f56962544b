import { waitFor } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

// EXECUTOR_CONCURRENCY bounds the jobs one process runs at once, and the process does not pull more
// than it can start: the rest stays in the queue, where other executors could take it.
describe('concurrency bound', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start({ EXECUTOR_CONCURRENCY: '2' });
    ({ queue, target } = rig);
  });

  afterAll(() => rig?.close());

  it('runs at most EXECUTOR_CONCURRENCY jobs at once and leaves the rest in the queue', async () => {
    const requests: Array<{ jobId: string }> = [];
    for (let i = 0; i < 5; i++)
      requests.push(
        await queue.dispatch({ target: { http: { url: target.url('/hold'), headers: {}, body: undefined } } }),
      );

    await waitFor(() => target.holding === 2, { what: 'two jobs to be running' });
    const info = await queue.consumerInfo();
    expect(info.num_ack_pending).toBe(2);
    expect(info.num_pending).toBe(3);
    expect(target.holding).toBe(2);

    // Let them finish two at a time until all five have.
    const ended = async () =>
      (await Promise.all(requests.map((r) => queue.outcome(r.jobId, 'succeeded')))).every(Boolean);
    await waitFor(
      async () => {
        target.release();
        return ended();
      },
      { what: 'all five jobs to succeed', intervalMs: 200 },
    );
    expect(target.maxActive).toBe(2);
    for (const request of requests) expect(target.hits(request.jobId)).toBe(1);
  });
});
