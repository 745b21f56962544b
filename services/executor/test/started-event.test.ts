import { closeHealthClients, type ServiceProcess } from '@chrono/testkit';
import { startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

// EXECUTOR_STARTED_EVENT_AFTER: a short attempt publishes only its outcome, which says when it started;
// one still running after the threshold publishes its start first, so that it shows as running.
describe('the started event', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let executor: ServiceProcess;

  beforeAll(async () => {
    queue = await PrivateQueue.create();
    target = await TargetServer.start();
    executor = await startExecutor(queue, {
      EXECUTOR_STARTED_EVENT_AFTER: '300ms',
      HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1',
    });
  });

  afterAll(async () => {
    await executor?.stop('SIGKILL');
    await target?.close();
    await queue?.close();
    closeHealthClients();
  });

  it('is left out for an attempt that ends sooner, whose outcome carries the start time', async () => {
    const request = await queue.dispatch();
    const succeeded = await queue.waitForEnd(request.jobId);
    expect(succeeded.startedAt).toEqual(expect.any(Date));
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 0, succeeded: 1, failed: 0 });
  });

  it('is published for an attempt still running after the threshold, before its outcome', async () => {
    const request = await queue.dispatch({
      target: { http: { url: target.url('/hold'), headers: {}, body: undefined } },
    });
    const started = await queue.waitForOutcome(request.jobId, 'started');
    expect(await queue.outcome(request.jobId, 'succeeded')).toBeUndefined();
    target.release();
    const succeeded = await queue.waitForEnd(request.jobId);
    expect(succeeded.startedAt).toEqual(started.startedAt);
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 1, failed: 0 });
  });
});
