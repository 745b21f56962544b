import { sampleSum, scrape, waitFor } from '@chrono/testkit';
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

  // chrono_runs_total of http runs that ended with `outcome`.
  const runsEnded = async (outcome: string) =>
    sampleSum((await scrape(await rig.executor.metricsUrl())).samples, 'chrono_runs_total', {
      target_kind: 'http',
      outcome,
    });

  const hold = (timeoutMs?: number) => ({
    http: { url: target.url('/hold'), headers: {}, body: undefined, timeoutMs },
  });

  it("fails a job that runs past its timeout and cancels the handler's work", async () => {
    const request = await queue.dispatch({ timeoutMs: 1000, target: hold() });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe('timed out after 1000 ms');
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the HTTP request to be cancelled' });
    expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 0, failed: 1 });
    // The metrics tell a run ended by the job's timeout from other failures.
    await waitFor(async () => (await runsEnded('timed_out')) >= 1, { what: 'the run counted as timed out' });
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
    // The target's own limit is the handler's failure, not the job's timeout.
    await waitFor(async () => (await runsEnded('failed')) >= 1, { what: 'the run counted as failed' });
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the HTTP request to be cancelled' });
  });
});
