import { closeHealthClients, type ServiceProcess } from '@chrono/testkit';
import { startExecutor } from './support/executors';
import { PrivateQueue } from './support/private-queue';
import { TargetServer } from './support/target-server';

// The outbound rules of http targets, checked by real executor processes: one with the default
// (strict) rules and one whose allow list opens the test server's address and two private ones.
describe('outbound rules of http targets', () => {
  let target: TargetServer;
  let strictQueue: PrivateQueue;
  let openQueue: PrivateQueue;
  let strict: ServiceProcess;
  let open: ServiceProcess;

  beforeAll(async () => {
    target = await TargetServer.start();
    [strictQueue, openQueue] = await Promise.all([PrivateQueue.create(), PrivateQueue.create()]);
    [strict, open] = await Promise.all([
      startExecutor(strictQueue),
      startExecutor(openQueue, { HTTP_TARGET_ALLOW_HOSTS: '127.0.0.1, 10.0.0.5, 169.254.169.254' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([strict?.stop('SIGKILL'), open?.stop('SIGKILL')]);
    await target?.close();
    await Promise.all([strictQueue?.close(), openQueue?.close()]);
    closeHealthClients();
  });

  const httpTarget = (url: string, timeoutMs?: number) => ({ http: { url, headers: {}, body: undefined, timeoutMs } });

  describe('by default', () => {
    it.each([
      [
        'loopback',
        () => target.url('/json'),
        (url: string) => `request to ${url} refused: 127.0.0.1 is a loopback address`,
      ],
      [
        'a 10.x address',
        () => 'http://10.0.0.5/',
        (url: string) => `request to ${url} refused: 10.0.0.5 is a private address`,
      ],
      [
        'the cloud metadata address',
        () => 'http://169.254.169.254/latest/meta-data/',
        (url: string) => `request to ${url} refused: 169.254.169.254 is a cloud metadata address`,
      ],
      [
        'a name that resolves to loopback',
        () => `http://localhost:${target.port}/json`,
        (url: string) => `request to ${url} refused: localhost resolves to a loopback address`,
      ],
      [
        'an IPv4-mapped IPv6 loopback',
        () => `http://[::ffff:127.0.0.1]:${target.port}/json`,
        (url: string) => `request to ${new URL(url)} refused: ::ffff:7f00:1 is a loopback address`,
      ],
      [
        'a link-local address',
        () => 'http://169.254.10.20/',
        (url: string) => `request to ${url} refused: 169.254.10.20 is a link-local address`,
      ],
    ])('refuses %s and says why', async (_case, url, message) => {
      const request = await strictQueue.dispatch({ target: httpTarget(url()) });
      expect((await strictQueue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(message(url()));
      expect(target.hits(request.jobId)).toBe(0);
    });
  });

  describe('with an allow list', () => {
    it('reaches a listed loopback address', async () => {
      const request = await openQueue.dispatch({ target: httpTarget(target.url('/json')) });
      expect((await openQueue.waitForOutcome(request.jobId, 'succeeded')).result).toEqual({ ok: true, n: 1 });
    });

    it('refuses a redirect to an address that is not listed', async () => {
      const from = target.url(`/redirect?to=${encodeURIComponent('http://10.0.0.6/admin')}`);
      const request = await openQueue.dispatch({ target: httpTarget(from) });
      expect((await openQueue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
        `redirect from ${from} to http://10.0.0.6/admin refused: 10.0.0.6 is a private address`,
      );
      expect(target.hits(request.jobId)).toBe(1);
    });

    it.each([['http://10.0.0.5/'], ['http://169.254.169.254/latest/meta-data/']])(
      'lets a request to the listed %s through the rules',
      async (url) => {
        // Something may answer there or not; either way the request was made, not stopped by the rules.
        const request = await openQueue.dispatch({ target: httpTarget(url, 500) });
        const outcome = await openQueue.waitForEnd(request.jobId);
        expect(outcome.errorMessage).not.toMatch(/refused: .* address/);
        if (outcome.errorMessage)
          expect(outcome.errorMessage).toMatch(/^(HTTP \d+ .* from |request to .* (failed|timed out))/);
      },
    );
  });
});
