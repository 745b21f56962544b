import { closeHealthClients, waitFor, type ServiceProcess } from '@chrono/testkit';
import { executorIdOf, startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

// On SIGTERM an executor stops pulling, lets running jobs finish within the grace period, hands back
// what is still running after it (nak: another executor takes it at once, not after the ack wait),
// and exits 0. Work it never started stays in the queue.
describe('graceful shutdown', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  const processes: ServiceProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const service = await startExecutor(queue, {
      HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1',
      EXECUTOR_CONCURRENCY: '1',
      ...env,
    });
    processes.push(service);
    return service;
  };
  const holdJob = () =>
    queue.dispatch({ target: { http: { url: target.url('/hold'), headers: {}, body: undefined } } });

  beforeEach(async () => {
    queue = await PrivateQueue.create();
    target = await TargetServer.start();
  });

  afterEach(async () => {
    await Promise.all(processes.splice(0).map((service) => service.stop('SIGKILL')));
    await target?.close();
    await queue?.close();
  });

  afterAll(() => closeHealthClients());

  it('finishes the running job, leaves queued work for another executor, and exits 0', async () => {
    const first = await start({ EXECUTOR_SHUTDOWN_GRACE: '30s' });
    const [running, queued1, queued2] = [await holdJob(), await holdJob(), await holdJob()];
    await waitFor(() => target.hits(running.jobId) === 1, { what: 'the first job to run' });

    first.child.kill('SIGTERM');
    await waitFor(() => first.logs.includes('waiting for running jobs'), { what: 'the executor to start stopping' });
    target.release();
    expect(await first.exited).toBe(0);

    expect((await queue.outcome(running.jobId, 'succeeded'))?.event.executorId).toBe(executorIdOf(first));
    const info = await queue.consumerInfo();
    expect(info.num_pending).toBe(2);
    expect(info.num_ack_pending).toBe(0);
    expect(target.hits(queued1.jobId) + target.hits(queued2.jobId)).toBe(0);

    const second = await start({});
    for (const request of [queued1, queued2]) {
      await waitFor(() => target.hits(request.jobId) === 1, { what: 'the second executor to run a queued job' });
      target.release();
      expect((await queue.waitForOutcome(request.jobId, 'succeeded')).executorId).toBe(executorIdOf(second));
    }
  });

  it('hands a job still running after the grace period back at once, without an outcome', async () => {
    // The ack wait is long, so the job coming back quickly shows the nak, not an expired ack wait.
    const env = { EXECUTOR_SHUTDOWN_GRACE: '1s', EXECUTOR_ACK_WAIT: '60s' };
    const first = await start(env);
    const request = await holdJob();
    await waitFor(() => target.hits(request.jobId) === 1, { what: 'the job to run' });

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.logs).toContain('job handed back: the executor is stopping');
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 0, failed: 0 });

    const second = await start(env);
    await waitFor(() => target.hits(request.jobId) === 2, {
      what: 'the second executor to take the job',
      timeoutMs: 20_000,
    });
    target.release();
    expect((await queue.waitForOutcome(request.jobId, 'succeeded')).executorId).toBe(executorIdOf(second));
  });
});
