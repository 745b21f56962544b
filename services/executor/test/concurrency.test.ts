import { closeHealthClients, waitFor, type ServiceProcess } from '@chrono/testkit';
import { startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

// EXECUTOR_CONCURRENCY bounds the jobs one process runs at once, and the process does not pull more
// than it can start: the rest stays in the queue, where other executors could take it.
describe('concurrency bound', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let executor: ServiceProcess;

  beforeAll(async () => {
    queue = await PrivateQueue.create();
    target = await TargetServer.start();
    executor = await startExecutor(queue, { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1', EXECUTOR_CONCURRENCY: '2' });
  });

  afterAll(async () => {
    await executor?.stop('SIGKILL');
    await target?.close();
    await queue?.close();
    closeHealthClients();
  });

  it('runs at most EXECUTOR_CONCURRENCY jobs at once and leaves the rest in the queue', async () => {
    const requests: Array<{ jobId: string }> = [];
    for (let i = 0; i < 5; i++) requests.push(await queue.dispatch({ target: { http: { url: target.url('/hold'), headers: {}, body: undefined } } }));

    await waitFor(() => target.holding === 2, { what: 'two jobs to be running' });
    const info = await queue.consumerInfo();
    expect(info.num_ack_pending).toBe(2);
    expect(info.num_pending).toBe(3);
    expect(target.holding).toBe(2);

    // Let them finish two at a time until all five have.
    const ended = async () => (await Promise.all(requests.map((r) => queue.outcome(r.jobId, 'succeeded')))).every(Boolean);
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
