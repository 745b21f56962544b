import { randomBytes } from 'node:crypto';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import { auth, jobEvent } from '@chrono/contracts';
import { unary, unaryError, waitFor } from '@chrono/testkit';
import { jobEventsOf, oneTimeJob, startCatalogFixture, type CatalogFixture } from './catalog-fixture';

// The kit's token verifier in job-catalog (and in auth) refuses the access tokens of ended sessions
// within about a second: auth writes the revocation to Redis, the verifiers read it with a cache of at most 1 s.
describe('session revocation seen by job-catalog and auth', () => {
  let f: CatalogFixture;
  let authClient: auth.AuthServiceClient;
  beforeAll(async () => {
    f = await startCatalogFixture();
    authClient = new auth.AuthServiceClient(f.auth.address, credentials.createInsecure());
  });
  afterAll(async () => {
    authClient?.close();
    await f?.close();
  });

  const SESSION_ENDED = 'the session of this token has ended';
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const signUp = async () => {
    const email = `revoked-${randomBytes(4).toString('hex')}@example.com`;
    const registered = await unary(authClient.register.bind(authClient), {
      email,
      password: 'long-enough-1',
      name: 'R',
    });
    return { email, token: registered.accessToken };
  };
  const listJobs = (token: string) => unary(f.client.listJobs.bind(f.client), {}, bearer(token));
  const getMe = (token: string) => unary(authClient.getMe.bind(authClient), {}, bearer(token));

  /** Polls `call` until it is refused as UNAUTHENTICATED, for at most 3 s; resolves to how long that took. */
  async function refusedAfter(
    call: () => Promise<unknown>,
    since: number,
    details: string | RegExp = SESSION_ENDED,
  ): Promise<number> {
    const refusal = async () => {
      try {
        await call();
        return undefined;
      } catch (error) {
        return error as ServiceError;
      }
    };
    const error = await waitFor(refusal, {
      timeoutMs: 3000,
      what: 'the token to be refused',
      until: (seen) => seen?.code === status.UNAUTHENTICATED,
    });
    expect(error?.details).toMatch(details);
    return Date.now() - since;
  }

  // Both services have seen (and cached) the token before the session ends.
  async function expectRefusedEverywhere(
    token: string,
    end: () => Promise<unknown>,
    authDetails: string | RegExp = SESSION_ENDED,
  ): Promise<void> {
    await listJobs(token);
    await getMe(token);
    const at = Date.now();
    await end();
    const [catalogMs, authMs] = await Promise.all([
      refusedAfter(() => listJobs(token), at),
      refusedAfter(() => getMe(token), at, authDetails),
    ]);
    // One second of cache, plus the polling and the calls themselves on a busy machine.
    expect(catalogMs).toBeLessThan(1500);
    expect(authMs).toBeLessThan(1500);
  }

  it('after logout', async () => {
    const { token } = await signUp();
    await expectRefusedEverywhere(token, () => unary(authClient.logout.bind(authClient), {}, bearer(token)));
  });

  it('after logout-all, for every session of the user', async () => {
    const { email, token } = await signUp();
    const other = await unary(authClient.login.bind(authClient), { email, password: 'long-enough-1' });
    await listJobs(other.accessToken);
    await expectRefusedEverywhere(token, () => unary(authClient.logoutAll.bind(authClient), {}, bearer(token)));
    await refusedAfter(() => listJobs(other.accessToken), Date.now());
  });

  it('after DELETE /auth/me, which has cancelled every active job of the account first, each with its event', async () => {
    const { email, token } = await signUp();
    const created = [];
    for (const name of ['one', 'two'])
      created.push(await unary(f.client.createJob.bind(f.client), oneTimeJob({ name }), bearer(token)));
    // GetMe also looks the account up, and says so first while the verifier's cached answer lasts.
    await expectRefusedEverywhere(
      token,
      () => unary(authClient.deleteMe.bind(authClient), {}, bearer(token)),
      /^(the account of this token no longer exists|the session of this token has ended)$/,
    );
    const login = await unaryError(authClient.login.bind(authClient), { email, password: 'long-enough-1' });
    expect(login.code).toBe(status.UNAUTHENTICATED);
    const rows = await f.database.query<{ status: string; is_active: boolean }>(
      'select status, is_active from catalog.jobs where id = any($1)',
      [created.map((job) => job.id)],
    );
    expect(rows).toEqual([
      { status: 'cancelled', is_active: false },
      { status: 'cancelled', is_active: false },
    ]);
    for (const job of created) {
      const kinds = await waitFor(async () => (await jobEventsOf(f.nats, job.id)).map((event) => event.kind), {
        what: 'the cancellation event',
        until: (seen) => seen.length === 2,
      });
      expect(kinds).toEqual([
        jobEvent.JobEventKind.JOB_EVENT_KIND_CREATED,
        jobEvent.JobEventKind.JOB_EVENT_KIND_CANCELLED,
      ]);
    }
  });

  it('keeps accepting the tokens of other users and sessions', async () => {
    await expect(listJobs(f.alice.authorization.slice('Bearer '.length))).resolves.toBeDefined();
  });
});
