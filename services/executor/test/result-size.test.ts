import { waitFor } from '@chrono/testkit';
import { ExecutorRig } from './support/executor-rig';

// An outcome must fit what the executor checked against max_payload at start-up, whatever a job returns.
describe('the size of a result', () => {
  let rig: ExecutorRig;
  beforeAll(async () => {
    rig = await ExecutorRig.start({ MAX_JOB_BYTES: '4096', HTTP_TARGET_MAX_RESPONSE_BYTES: '1024' });
  });
  afterAll(() => rig?.close());

  it('keeps a result within the larger of MAX_JOB_BYTES and HTTP_TARGET_MAX_RESPONSE_BYTES as it is', async () => {
    const request = await rig.queue.dispatch({ payload: { blob: 'y'.repeat(3000) } });
    expect((await rig.queue.waitForOutcome(request.jobId, 'succeeded')).result).toEqual({ blob: 'y'.repeat(3000) });
  });

  it('sends a larger one as its JSON text cut to that many bytes, and the job still succeeds', async () => {
    // A payload far over MAX_JOB_BYTES, as a request written before the limit could carry.
    const request = await rig.queue.dispatch({ payload: { blob: 'é'.repeat(10_000) } });
    const { result } = await rig.queue.waitForOutcome(request.jobId, 'succeeded');
    expect(typeof result).toBe('string');
    const text = result as string;
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(4096);
    expect(Buffer.byteLength(text)).toBeGreaterThan(4090);
    expect(JSON.stringify({ blob: 'é'.repeat(10_000) }).startsWith(text)).toBe(true);
    await waitFor(async () => (await rig.queue.consumerInfo()).num_ack_pending === 0, { what: 'the request acked' });
  });
});
