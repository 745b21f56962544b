import { randomBytes } from 'node:crypto';
import { closeHealthClients, scratchDatabase, ServiceProcess, waitFor } from '@chrono/testkit';
import { ChronoClient, UnauthenticatedError } from '@chrono/client';

// The client keeps a session alive with refresh tokens, and ends it, against a real auth service
// whose access tokens live one second (so that every call renews first).
describe('ChronoClient sessions', () => {
  const database = scratchDatabase();
  const password = 'long-enough-1';
  let authService: ServiceProcess;
  const clients: ChronoClient[] = [];
  const client = (options: ConstructorParameters<typeof ChronoClient>[0] = {}) => {
    const made = new ChronoClient({ addresses: { auth: authService.address }, ...options });
    clients.push(made);
    return made;
  };
  const email = () => `client-session-${randomBytes(4).toString('hex')}@example.com`;
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    authService = await ServiceProcess.start('auth', { ...database.env, BCRYPT_ROUNDS: '4', JWT_EXPIRATION: '1s' });
  });
  afterAll(async () => {
    for (const made of clients) made.close();
    await authService?.stop();
    closeHealthClients();
    await database.drop();
  });

  it('renews an expiring access token with the rotating refresh token, without credentials', async () => {
    const chrono = client();
    const registered = await chrono.auth.register({ email: email(), password, name: 'R' });
    expect(registered.expiresIn).toBe(1);
    expect(registered.refreshToken).toEqual(expect.any(String));
    for (let i = 0; i < 3; i++) {
      await pause(1100); // the last access token has expired
      await expect(chrono.auth.me()).resolves.toMatchObject({ id: registered.user.id });
    }
  });

  it('logout ends the session: the client forgets its tokens and is refused', async () => {
    const chrono = client();
    await chrono.auth.register({ email: email(), password, name: 'L' });
    await chrono.auth.logout();
    await expect(chrono.auth.me()).rejects.toBeInstanceOf(UnauthenticatedError);
  });

  it('with an API key, acts as its maker without signing in, until the key is revoked', async () => {
    const maker = client();
    const registered = await maker.auth.register({ email: email(), password, name: 'K' });
    const { id, key } = await maker.auth.createApiKey('reporting');
    const chrono = client({ apiKey: key });
    await pause(1100); // the maker's access token has expired; the key does not
    await expect(chrono.auth.me()).resolves.toMatchObject({ id: registered.user.id });
    expect((await maker.auth.listApiKeys()).map((k) => k.name)).toEqual(['reporting']);
    await maker.auth.deleteApiKey(id);
    await waitFor(
      () =>
        chrono.auth.me().then(
          () => undefined,
          (error: unknown) => error,
        ),
      {
        timeoutMs: 3000,
        what: 'the revoked key to be refused',
        until: (error) => error instanceof UnauthenticatedError,
      },
    );
  });

  it('with credentials, signs in again when another device ended every session', async () => {
    const address = email();
    await client().auth.register({ email: address, password, name: 'C' });
    const chrono = client({ credentials: { email: address, password } });
    const me = await chrono.auth.me();
    await client({ credentials: { email: address, password } }).auth.logoutAll();
    await pause(1100);
    await expect(chrono.auth.me()).resolves.toMatchObject({ id: me.id });
  });
});
