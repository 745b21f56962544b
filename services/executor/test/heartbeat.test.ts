import { closeHealthClients, type ServiceProcess } from '@chrono/testkit';
import { startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

// A job that runs longer than the ack wait is kept alive by in-progress acks while its executor
// lives: JetStream does not hand it to anyone else, so it runs once.
describe('heartbeats', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let executor: ServiceProcess;

  beforeAll(async () => {
    queue = await PrivateQueue.create();
    target = await TargetServer.start();
    executor = await startExecutor(queue, { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1', EXECUTOR_ACK_WAIT: '2s' });
  });

  afterAll(async () => {
    await executor?.stop('SIGKILL');
    await target?.close();
    await queue?.close();
    closeHealthClients();
  });

  it('runs a job 2.5 times longer than the ack wait exactly once', async () => {
    const request = await queue.dispatch({ target: { http: { url: target.url('/slow/5000'), headers: {}, body: undefined } } });
    const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');

    expect(succeeded.result).toEqual({ slept: 5000 });
    expect(succeeded.completedAt!.getTime() - succeeded.startedAt!.getTime()).toBeGreaterThanOrEqual(5000);
    expect(target.hits(request.jobId)).toBe(1);
    expect((await queue.consumerInfo()).num_redelivered).toBe(0);
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 1, failed: 0 });
  });
});
