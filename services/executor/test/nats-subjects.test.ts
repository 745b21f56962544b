import { randomBytes, randomUUID } from 'node:crypto';
import { JSONCodec, type Subscription } from 'nats';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';

// Which subjects nats targets may publish on, checked by a real executor against the real NATS: the
// owner's users.<id>. prefix, and what NATS_TARGET_SUBJECTS opens (here test.open.> and
// users.*.shared, a pattern that must still not open another user's prefix); never the system's own.
describe('subjects of nats targets', () => {
  let queue: PrivateQueue;
  let rig: ExecutorRig;
  const run = randomBytes(4).toString('hex');
  const alice = randomUUID();
  const bob = randomUUID();
  const codec = JSONCodec();

  beforeAll(async () => {
    rig = await ExecutorRig.start({ NATS_TARGET_SUBJECTS: 'test.open.>, users.*.shared' });
    ({ queue } = rig);
  });

  afterAll(() => rig?.close());

  /** Everything published on `subject` (a pattern) from now on, with the job id it carries. */
  async function listen(
    subject: string,
  ): Promise<{ received: Array<{ subject: string; data: unknown; jobId?: string }>; sub: Subscription }> {
    const received: Array<{ subject: string; data: unknown; jobId?: string }> = [];
    // Other publishers' messages on these subjects need not be JSON: a throwing callback would break the connection.
    const decode = (data: Uint8Array) => {
      try {
        return codec.decode(data);
      } catch {
        return data;
      }
    };
    const sub = queue.nc.subscribe(subject, {
      callback: (_error, msg) =>
        received.push({ subject: msg.subject, data: decode(msg.data), jobId: msg.headers?.get('Chrono-Job-Id') }),
    });
    await queue.nc.flush();
    return { received, sub };
  }

  const publishAs = (userId: string, subject: string, data?: unknown, payload?: Record<string, unknown>) =>
    queue.dispatch({ userId, payload, target: { http: undefined, nats: { subject, data } } });

  it("publishes the data (or the payload) as JSON under the owner's prefix and on subjects the operator opened", async () => {
    const own = await listen(`users.${alice}.${run}.>`);
    const open = await listen(`test.open.${run}.>`);
    const withData = await publishAs(alice, `users.${alice}.${run}.orders`, { event: 'ping' });
    const withPayload = await publishAs(bob, `test.open.${run}.orders`, undefined, { p: 2 });

    expect((await queue.waitForOutcome(withData.jobId, 'succeeded')).result).toEqual({
      subject: `users.${alice}.${run}.orders`,
    });
    expect((await queue.waitForOutcome(withPayload.jobId, 'succeeded')).result).toEqual({
      subject: `test.open.${run}.orders`,
    });
    await queue.nc.flush();
    expect(own.received).toEqual([
      { subject: `users.${alice}.${run}.orders`, data: { event: 'ping' }, jobId: withData.jobId },
    ]);
    expect(open.received).toEqual([{ subject: `test.open.${run}.orders`, data: { p: 2 }, jobId: withPayload.jobId }]);
    own.sub.unsubscribe();
    open.sub.unsubscribe();
  });

  it.each([
    [
      "another user's prefix",
      () => `users.${bob}.${run}`,
      () =>
        `target.nats.subject "users.${bob}.${run}" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.${alice}.`,
    ],
    [
      "another user's prefix that an operator pattern matches",
      () => `users.${bob}.shared`,
      () =>
        `target.nats.subject "users.${bob}.shared" is not under your own prefix: subjects under users. belong to the user they name, and yours is users.${alice}.`,
    ],
    [
      'a subject nobody opened',
      () => `test.closed.${run}`,
      () =>
        `target.nats.subject "test.closed.${run}" is not open to jobs: publish under users.${alice}. (such as users.${alice}.test.closed.${run}) or on a subject the operator allows (NATS_TARGET_SUBJECTS: test.open.>, users.*.shared)`,
    ],
    [
      'the subject of the queue the executor takes its work from',
      () => queue.subject,
      () => `target.nats.subject "${queue.subject}" is reserved for the system's own messages`,
    ],
    [
      'an outcome subject',
      () => `executions.succeeded.${run}`,
      () => `target.nats.subject "executions.succeeded.${run}" is reserved for the system's own messages`,
    ],
    [
      'a JetStream API subject',
      () => '$JS.API.STREAM.DELETE.DISPATCH',
      () => 'target.nats.subject "$JS.API.STREAM.DELETE.DISPATCH" is reserved for the system\'s own messages',
    ],
    [
      'a wildcard',
      () => `users.${alice}.*`,
      () =>
        `target.nats.subject must be a subject without wildcards or spaces, such as users.${alice}.orders.created, got "users.${alice}.*"`,
    ],
  ])('refuses %s, and nothing is published', async (_case, subject, message) => {
    const heard = await listen(subject().replace(/\.\*$/, '.>'));
    const request = await publishAs(alice, subject(), { forged: true });
    expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(message());
    await queue.nc.flush();
    expect(heard.received.filter((m) => m.jobId === request.jobId)).toEqual([]);
    heard.sub.unsubscribe();
  });
});
