import { credentials, status } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import { closeHealthClients, scratchDatabase, ServiceProcess, unary, unaryError, waitFor } from '@chrono/testkit';
import jwt from 'jsonwebtoken';
import { createPublicKey, randomBytes } from 'node:crypto';

// Auth over a real gRPC connection, against the real PostgreSQL and Redis.
describe('auth accounts', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const email = (who: string) => `${who}-${run}@example.com`;
  let service: ServiceProcess;
  let client: auth.AuthServiceClient;
  const password = `Secret-${run}-Pass!`;

  beforeAll(async () => {
    service = await ServiceProcess.start('auth', {
      ...database.env,
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000',
    });
    client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    closeHealthClients();
    await database.drop();
  });

  const register = (request: Partial<auth.RegisterRequest>) =>
    unary(client.register.bind(client), { email: '', password: '', name: '', ...request });
  const registerError = (request: Partial<auth.RegisterRequest>) =>
    unaryError(client.register.bind(client), { email: '', password: '', name: '', ...request });
  const login = (request: auth.LoginRequest, headers: Record<string, string> = {}) =>
    unary(client.login.bind(client), request, headers);
  const loginError = (request: auth.LoginRequest, headers: Record<string, string> = {}) =>
    unaryError(client.login.bind(client), request, headers);
  const userCount = async () =>
    Number((await database.query<{ n: string }>('select count(*) as n from auth.users'))[0].n);

  it('registers a user with a normalised email and returns the user and a token', async () => {
    const response = await register({ email: `  ${email('Ada').toUpperCase()} `, password, name: ' Ada Lovelace ' });
    expect(response.user).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      email: email('ada'),
      name: 'Ada Lovelace',
      isActive: true,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    expect(response.accessToken.split('.')).toHaveLength(3);
    const [row] = await database.query<{ password_hash: string }>(
      'select password_hash from auth.users where email = $1',
      [email('ada')],
    );
    expect(row.password_hash).toMatch(/^\$2[aby]\$10\$/);
  });

  it('refuses a second account with the same email in any case', async () => {
    await register({ email: email('dup'), password, name: 'First' });
    const error = await registerError({ email: email('DUP'), password, name: 'Second' });
    expect(error.code).toBe(status.ALREADY_EXISTS);
    expect(error.details).toBe('an account with this email already exists');
  });

  it.each([
    ['no email', { password: 'long-enough-1', name: 'N' }, 'email is required'],
    [
      'a malformed email',
      { email: 'not-an-email', password: 'long-enough-1', name: 'N' },
      'email must be a valid email address',
    ],
    [
      'an oversized email',
      { email: `${'x'.repeat(250)}@example.com`, password: 'long-enough-1', name: 'N' },
      'email must be at most 254 characters',
    ],
    ['no password', { email: 'short@example.com', name: 'N' }, 'password is required'],
    [
      'a 7-character password',
      { email: 'short@example.com', password: 'seven77', name: 'N' },
      'password must be at least 8 characters',
    ],
    [
      'a password over 72 bytes',
      { email: 'long@example.com', password: 'p'.repeat(73), name: 'N' },
      'password must be at most 72 bytes',
    ],
    ['a blank name', { email: 'noname@example.com', password: 'long-enough-1', name: '   ' }, 'name is required'],
    [
      'a 101-character name',
      { email: 'longname@example.com', password: 'long-enough-1', name: 'n'.repeat(101) },
      'name must be at most 100 characters',
    ],
  ])('refuses %s with INVALID_ARGUMENT naming the field, and stores nothing', async (_case, request, message) => {
    const before = await userCount();
    const error = await registerError(request);
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(error.details).toBe(message);
    expect(await userCount()).toBe(before);
  });

  it('signs in with the right password, in any email case', async () => {
    const registered = await register({ email: email('login'), password, name: 'Login' });
    const response = await login({ email: email('LOGIN'), password });
    expect(response.user?.id).toBe(registered.user?.id);
    expect(response.accessToken).not.toBe(registered.accessToken);
  });

  it('answers a wrong password and an unknown email the same way, in about the same time', async () => {
    await register({ email: email('timing'), password, name: 'Timing' });
    const wrong = await loginError({ email: email('timing'), password: 'wrong-password' });
    const unknown = await loginError({ email: email('nobody'), password: 'wrong-password' });
    expect([wrong.code, wrong.details]).toEqual([status.UNAUTHENTICATED, 'invalid email or password']);
    expect([unknown.code, unknown.details]).toEqual([wrong.code, wrong.details]);

    // Both paths run one bcrypt comparison; without that an unknown email would answer in ~1 ms.
    const median = async (who: string) => {
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        await loginError({ email: email(who), password: 'wrong-password' });
        times.push(performance.now() - started);
      }
      return times.sort((a, b) => a - b)[2];
    };
    const ratio = (await median('nobody')) / (await median('timing'));
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('returns the current user for a valid token and refuses calls without one', async () => {
    const { user, accessToken } = await register({ email: email('me'), password, name: 'Me' });
    const me = await unary(client.getMe.bind(client), {}, { authorization: `Bearer ${accessToken}` });
    expect(me.user).toEqual(user);
    const missing = await unaryError(client.getMe.bind(client), {});
    expect([missing.code, missing.details]).toEqual([
      status.UNAUTHENTICATED,
      'missing bearer token in the authorization header',
    ]);
  });

  it('issues ES256 tokens with kid, iss, aud, sub, sid, iat, exp (15m) and jti, verifiable with the JWKS', async () => {
    const { user, accessToken } = await register({ email: email('claims'), password, name: 'Claims' });
    const decoded = jwt.decode(accessToken, { complete: true }) as jwt.Jwt & { payload: jwt.JwtPayload };
    const { keys } = await unary(client.getJwks.bind(client), {});
    expect(keys).toHaveLength(1);
    const [key] = keys;
    expect(key).toEqual({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
      kid: expect.any(String),
      x: expect.any(String),
      y: expect.any(String),
    });
    expect(decoded.header).toMatchObject({ alg: 'ES256', kid: key.kid });
    expect(decoded.payload).toMatchObject({
      iss: 'chrono-auth',
      aud: 'chrono-api',
      sub: user?.id,
      sid: expect.any(String),
      jti: expect.any(String),
    });
    expect(decoded.payload.exp! - decoded.payload.iat!).toBe(15 * 60);
    expect(() =>
      jwt.verify(accessToken, createPublicKey({ key: key as never, format: 'jwk' }), { algorithms: ['ES256'] }),
    ).not.toThrow();
  });

  it('never puts the password or its hash in a response or a log line', async () => {
    const secret = `Unmistakable-${run}`;
    const registered = await register({ email: email('secret'), password: secret, name: 'Secret' });
    const loggedIn = await login({ email: email('secret'), password: secret });
    await loginError({ email: email('secret'), password: `${secret}-wrong` });
    const [{ password_hash: hash }] = await database.query<{ password_hash: string }>(
      'select password_hash from auth.users where email = $1',
      [email('secret')],
    );
    const responses = JSON.stringify([registered, loggedIn]);
    for (const text of [responses, service.logs]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(hash);
    }
    expect(responses).not.toMatch(/password/i);
  });

  it('keeps its generated signing key across restarts, so earlier tokens stay valid', async () => {
    const { accessToken } = await register({ email: email('restart'), password, name: 'Restart' });
    const { keys: before } = await unary(client.getJwks.bind(client), {});
    await service.stop();
    client.close();
    service = await ServiceProcess.start('auth', database.env);
    client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
    const { keys: after } = await unary(client.getJwks.bind(client), {});
    expect(after).toEqual(before);
    const me = await waitFor(() => unary(client.getMe.bind(client), {}, { authorization: `Bearer ${accessToken}` }), {
      what: 'GetMe after restart',
    });
    expect(me.user?.email).toBe(email('restart'));
  });
});
