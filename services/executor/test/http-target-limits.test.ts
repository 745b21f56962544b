import { waitFor, SilentServer } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

// What keeps an http job from holding a slot for long: a real executor with short connect and idle
// timeouts and a bound on the job's timeout (HTTP_TARGET_MAX_TIMEOUT), against endpoints that hang.
describe('limits of http targets', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let silent: SilentServer;
  let rig: ExecutorRig;

  beforeAll(async () => {
    silent = await SilentServer.start();
    rig = await ExecutorRig.start({
      HTTP_TARGET_CONNECT_TIMEOUT: '500ms',
      HTTP_TARGET_IDLE_TIMEOUT: '700ms',
      HTTP_TARGET_MAX_TIMEOUT: '30s',
    });
    ({ queue, target } = rig);
  });

  afterAll(async () => {
    await rig?.close();
    await silent?.close();
  });

  const call = (url: string) => ({ http: { url, headers: {}, body: undefined } });

  it('fails a job whose endpoint accepts the connection and never answers, once the idle timeout passes, long before its own timeout', async () => {
    const url = `http://127.0.0.1:${silent.port}/never`;
    const request = await queue.dispatch({ timeoutMs: 20_000, target: call(url) });
    const failed = await queue.waitForOutcome(request.jobId, 'failed');
    expect(failed.errorMessage).toBe(
      `request to ${url} failed: nothing received for 700 ms (HTTP_TARGET_IDLE_TIMEOUT)`,
    );
  });

  it('fails a job whose answer stops halfway, once the idle timeout passes', async () => {
    const request = await queue.dispatch({ timeoutMs: 20_000, target: call(target.url('/stall')) });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
      `request to ${target.url('/stall')} failed: nothing received for 700 ms (HTTP_TARGET_IDLE_TIMEOUT)`,
    );
    await waitFor(() => target.abandoned.has(request.jobId), { what: 'the stalled request to be closed' });
  });

  it('fails a job whose connection is not made within the connect timeout', async () => {
    const url = `https://127.0.0.1:${silent.port}/`;
    const request = await queue.dispatch({ timeoutMs: 20_000, target: call(url) });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
      `request to ${url} failed: no connection within 500 ms (HTTP_TARGET_CONNECT_TIMEOUT)`,
    );
  });

  it('refuses to run an http job whose timeout is above HTTP_TARGET_MAX_TIMEOUT, with the message job-catalog gives', async () => {
    const request = await queue.dispatch({ timeoutMs: 31_000, target: call(target.url('/json')) });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
      'timeoutSeconds must be at most 30 for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got 31',
    );
    expect(target.hits(request.jobId)).toBe(0);
    const atTheBound = await queue.dispatch({ timeoutMs: 30_000, target: call(target.url('/json')) });
    expect((await queue.waitForOutcome(atTheBound.jobId, 'succeeded')).result).toEqual({ ok: true, n: 1 });
  });
});
