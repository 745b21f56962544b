import { waitFor } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

// A job that outlives its timeout fails with a message saying so, and its handler is cancelled:
// the HTTP request it made is abandoned rather than left running.
describe('job timeouts', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start({ DEFAULT_JOB_TIMEOUT: '1500ms' });
    ({ queue, target } = rig);
  });

  afterAll(() => rig?.close());

  const hold = (timeoutMs?: number) => ({
    http: { url: target.url('/hold'), headers: {}, body: undefined, timeoutMs },
  });

  it("fails a job that runs past its timeout and cancels the handler's work", async () => {
    const request = await queue.dispatch({ timeoutMs: 1000, target: hold() });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe('timed out after 1000 ms');
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the HTTP request to be cancelled' });
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 0, failed: 1 });
  });

  it('uses DEFAULT_JOB_TIMEOUT when the request names no timeout', async () => {
    const request = await queue.dispatch({ timeoutMs: 0, target: hold() });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe('timed out after 1500 ms');
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the HTTP request to be cancelled' });
  });

  it("fails an http request that runs past the target's own timeoutMs", async () => {
    const request = await queue.dispatch({ timeoutMs: 60_000, target: hold(500) });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
      `request to ${target.url('/hold')} timed out after 500 ms`,
    );
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the HTTP request to be cancelled' });
  });
});
