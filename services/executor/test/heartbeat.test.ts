import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

// A job that runs longer than the ack wait is kept alive by in-progress acks while its executor
// lives: JetStream does not hand it to anyone else, so it runs once.
describe('heartbeats', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start({ EXECUTOR_ACK_WAIT: '2s' });
    ({ queue, target } = rig);
  });

  afterAll(() => rig?.close());

  it('runs a job 2.5 times longer than the ack wait exactly once', async () => {
    const request = await queue.dispatch({
      target: { http: { url: target.url('/slow/5000'), headers: {}, body: undefined } },
    });
    const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');

    expect(succeeded.result).toEqual({ slept: 5000 });
    expect(succeeded.completedAt!.getTime() - succeeded.startedAt!.getTime()).toBeGreaterThanOrEqual(5000);
    expect(target.hits(request.jobId)).toBe(1);
    expect((await queue.consumerInfo()).num_redelivered).toBe(0);
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 1, failed: 0 });
  });
});
