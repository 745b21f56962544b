import { randomBytes } from 'node:crypto';
import { TargetSecrets } from '@chrono/targets';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

const newKey = () => randomBytes(32).toString('base64');

// Header values arrive encrypted in DispatchRequests (job-catalog encrypts them): a real executor with
// TARGET_SECRETS_KEY and a previous key decrypts them just before sending, and fails an attempt whose
// value it cannot decrypt without stopping.
describe('encrypted header values of http targets', () => {
  const key = newKey();
  const previousKey = newKey();
  const current = new TargetSecrets(key);
  let queue: PrivateQueue;
  let target: TargetServer;
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start({ TARGET_SECRETS_KEY: key, TARGET_SECRETS_PREVIOUS_KEYS: previousKey });
    ({ queue, target } = rig);
  });
  afterAll(() => rig?.close());

  const call = (headers: Record<string, string>) => ({
    http: { url: target.url('/echo'), headers, body: undefined },
  });
  const receivedBy = (jobId: string) => target.received.find((request) => request.jobId === jobId)?.headers;

  it('sends the decrypted values, whether sealed with the current or a previous key', async () => {
    const request = await queue.dispatch({
      target: call({
        Authorization: current.seal('Bearer s3cr3t'),
        'X-Old': new TargetSecrets(previousKey).seal('from before the rotation'),
        'X-Plain': 'stored before encryption',
      }),
    });
    await queue.waitForOutcome(request.jobId, 'succeeded');
    expect(receivedBy(request.jobId)).toMatchObject({
      authorization: 'Bearer s3cr3t',
      'x-old': 'from before the rotation',
      'x-plain': 'stored before encryption',
    });
  });

  it('fails the attempt naming the header whose value is sealed with an unknown key or tampered with, and keeps running', async () => {
    const foreign = new TargetSecrets(newKey()).seal('x');
    const keyId = foreign.split(':')[2];
    const unknown = await queue.dispatch({ target: call({ 'X-Key': foreign }) });
    expect((await queue.waitForOutcome(unknown.jobId, 'failed')).errorMessage).toBe(
      `target.http.headers.X-Key cannot be decrypted: it was encrypted with key ${keyId}, which is neither TARGET_SECRETS_KEY nor one of TARGET_SECRETS_PREVIOUS_KEYS`,
    );
    const [prefix, version, sealedBy, data] = current.seal('value').split(':');
    const bytes = Buffer.from(data, 'base64');
    bytes[12] ^= 1; // the first byte of the authentication tag
    const tampered = [prefix, version, sealedBy, bytes.toString('base64')].join(':');
    const bad = await queue.dispatch({ target: call({ 'X-Sig': tampered }) });
    expect((await queue.waitForOutcome(bad.jobId, 'failed')).errorMessage).toMatch(
      /^target\.http\.headers\.X-Sig cannot be decrypted: its encrypted value does not authenticate under key [0-9a-f]{8}$/,
    );
    expect(target.hits(unknown.jobId) + target.hits(bad.jobId)).toBe(0);
    const after = await queue.dispatch({ target: call({ 'X-Key': current.seal('ok') }) });
    await queue.waitForOutcome(after.jobId, 'succeeded');
    expect(receivedBy(after.jobId)).toMatchObject({ 'x-key': 'ok' });
  });
});
