import { credentials, status } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import {
  closeHealthClients,
  freePort,
  scratchDatabase,
  ServiceProcess,
  unary,
  unaryError,
  waitFor,
} from '@chrono/testkit';
import { randomBytes } from 'node:crypto';

// Sessions over a real gRPC connection, against the real PostgreSQL and Redis: refresh-token rotation,
// reuse detection, logout, a disabled account, and refusals of bad input.
describe('auth sessions', () => {
  const database = scratchDatabase();
  const password = 'long-enough-1';
  let service: ServiceProcess;
  let client: auth.AuthServiceClient;

  beforeAll(async () => {
    // No job-catalog listens there: DELETE /auth/me cannot cancel the account's jobs (the account deletion
    // itself is tested with job-catalog in services/job-catalog/test and e2e/).
    const nothingThere = `127.0.0.1:${await freePort()}`;
    service = await ServiceProcess.start('auth', {
      ...database.env,
      BCRYPT_ROUNDS: '4',
      JOB_CATALOG_GRPC_URL: nothingThere,
    });
    client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    closeHealthClients();
    await database.drop();
  });

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const signUp = async () => {
    const email = `session-${randomBytes(4).toString('hex')}@example.com`;
    return { email, ...(await unary(client.register.bind(client), { email, password, name: 'S' })) };
  };
  const refresh = (refreshToken: string) => unary(client.refresh.bind(client), { refreshToken });
  const refreshError = (refreshToken: string) => unaryError(client.refresh.bind(client), { refreshToken });
  const getMe = (token: string) => unary(client.getMe.bind(client), {}, bearer(token));
  /** Polls GetMe with `token` until it is refused (at most 3 s); resolves to how long that took, in ms. */
  const refusedWithin = async (token: string, since: number) => {
    await waitFor(() => unaryError(client.getMe.bind(client), {}, bearer(token)).catch(() => undefined), {
      timeoutMs: 3000,
      what: 'GetMe to refuse the token',
      until: (error) => error?.code === status.UNAUTHENTICATED,
    });
    return Date.now() - since;
  };

  it('answers register and login with an access token, a refresh token and expires_in', async () => {
    const registered = await signUp();
    expect(registered.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(registered.expiresIn).toBe(900);
    const login = await unary(client.login.bind(client), { email: registered.email, password });
    expect(login.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(login.refreshToken).not.toBe(registered.refreshToken);
    expect(login.expiresIn).toBe(900);
    await expect(getMe(login.accessToken)).resolves.toMatchObject({ user: { email: registered.email } });
  });

  it('rotates the refresh token on every use, and the new access token works', async () => {
    const { user, refreshToken } = await signUp();
    const first = await refresh(refreshToken);
    expect(first.user?.id).toBe(user?.id);
    expect(first.refreshToken).not.toBe(refreshToken);
    expect(first.expiresIn).toBe(900);
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    await expect(getMe(second.accessToken)).resolves.toMatchObject({ user: { id: user?.id } });
  });

  it('ends the whole session when a spent refresh token is used again', async () => {
    const { refreshToken } = await signUp();
    const rotated = await refresh(refreshToken);
    await getMe(rotated.accessToken);
    const reusedAt = Date.now();
    const reuse = await refreshError(refreshToken);
    expect(reuse.code).toBe(status.UNAUTHENTICATED);
    expect(reuse.details).toContain('refresh_token');
    // The thief's copy and the rightful holder's newer tokens die together.
    expect((await refreshError(rotated.refreshToken)).code).toBe(status.UNAUTHENTICATED);
    expect(await refusedWithin(rotated.accessToken, reusedAt)).toBeLessThan(2000);
  });

  it('logout ends the current session only', async () => {
    const { email, accessToken, refreshToken } = await signUp();
    const other = await unary(client.login.bind(client), { email, password });
    const at = Date.now();
    await unary(client.logout.bind(client), {}, bearer(accessToken));
    expect(await refusedWithin(accessToken, at)).toBeLessThan(2000);
    expect((await refreshError(refreshToken)).code).toBe(status.UNAUTHENTICATED);
    await expect(getMe(other.accessToken)).resolves.toBeDefined();
    await expect(refresh(other.refreshToken)).resolves.toBeDefined();
  });

  it('logout-all ends every session of the caller, and a new sign-in works at once', async () => {
    const { email, accessToken, refreshToken } = await signUp();
    const other = await unary(client.login.bind(client), { email, password });
    const at = Date.now();
    await unary(client.logoutAll.bind(client), {}, bearer(accessToken));
    expect(await refusedWithin(accessToken, at)).toBeLessThan(2000);
    expect(await refusedWithin(other.accessToken, at)).toBeLessThan(2000);
    for (const token of [refreshToken, other.refreshToken])
      expect((await refreshError(token)).code).toBe(status.UNAUTHENTICATED);
    const again = await unary(client.login.bind(client), { email, password });
    await expect(getMe(again.accessToken)).resolves.toBeDefined();
  });

  it('DELETE /auth/me changes nothing while job-catalog cannot cancel the jobs: UNAVAILABLE, retry later', async () => {
    const { email, accessToken, refreshToken } = await signUp();
    const error = await unaryError(client.deleteMe.bind(client), {}, bearer(accessToken));
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(error.details).toMatch(/^cannot cancel the account's jobs .*; nothing was deleted, try again$/);
    await expect(getMe(accessToken)).resolves.toBeDefined();
    await expect(refresh(refreshToken)).resolves.toBeDefined();
    await expect(unary(client.login.bind(client), { email, password })).resolves.toBeDefined();
  });

  it('refuses a missing refresh token as INVALID_ARGUMENT and a garbage one as UNAUTHENTICATED, naming the field', async () => {
    const missing = await refreshError('');
    expect(missing.code).toBe(status.INVALID_ARGUMENT);
    expect(missing.details).toContain('refresh_token');
    for (const garbage of ['x', 'a'.repeat(43), 'not a token at all!', 'é'.repeat(5000)]) {
      const error = await refreshError(garbage);
      expect(error.code).toBe(status.UNAUTHENTICATED);
      expect(error.details).toContain('refresh_token');
    }
  });

  it('refuses logout, logout-all and DELETE /auth/me without a bearer token', async () => {
    for (const call of [client.logout, client.logoutAll, client.deleteMe]) {
      const error = await unaryError(call.bind(client), {});
      expect(error.code).toBe(status.UNAUTHENTICATED);
    }
  });
});
