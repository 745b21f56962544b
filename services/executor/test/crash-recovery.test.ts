import { closeHealthClients, waitFor, type ServiceProcess } from '@chrono/testkit';
import { executorIdOf, startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

const ACK_WAIT_MS = 3000;

// An executor killed mid-job (SIGKILL: no chance to clean up) loses nothing: its heartbeats stop,
// and JetStream hands the request to another executor within the ack wait.
describe('an executor killed mid-job', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let first: ServiceProcess;
  let second: ServiceProcess;

  beforeAll(async () => {
    queue = await PrivateQueue.create();
    target = await TargetServer.start();
  });

  afterAll(async () => {
    await Promise.all([first?.stop('SIGKILL'), second?.stop('SIGKILL')]);
    await target?.close();
    await queue?.close();
    closeHealthClients();
  });

  it('has its job run by a second executor within the ack wait', async () => {
    const env = { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1', EXECUTOR_ACK_WAIT: `${ACK_WAIT_MS}ms` };
    first = await startExecutor(queue, env);
    const request = await queue.dispatch({
      target: { http: { url: target.url('/hold'), headers: {}, body: undefined } },
    });
    const started = await queue.waitForOutcome(request.jobId, 'started');
    expect(started.executorId).toBe(executorIdOf(first));
    await waitFor(() => target.hits(request.jobId) === 1, { what: 'the first executor to call the target' });

    // The second executor is ready before the first dies, so the time measured is JetStream's alone.
    second = await startExecutor(queue, env);
    const killedAt = Date.now();
    expect(await first.stop('SIGKILL')).toBeNull();

    await waitFor(() => target.hits(request.jobId) === 2, { what: 'the job to be run again', timeoutMs: 20_000 });
    expect(Date.now() - killedAt).toBeLessThan(ACK_WAIT_MS + 2000);
    target.release();

    const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');
    expect(succeeded).toMatchObject({
      jobId: request.jobId,
      runId: request.runId,
      attempt: 1,
      executorId: executorIdOf(second),
      result: { released: true },
    });
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 1, failed: 0 });
    await waitFor(async () => (await queue.jsm.streams.info(queue.stream)).state.messages === 0, {
      what: 'the request to be acknowledged',
    });
  });
});
