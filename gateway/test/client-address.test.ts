import { randomBytes } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import {
  closeHealthClients,
  GatewayProcess,
  PrivateRedis,
  scratchDatabase,
  ServiceProcess,
  unary,
} from '@chrono/testkit';

// auth throttles failed logins per client address, which it learns from the gateway's
// x-client-address; a client must not be able to choose that address itself.
describe('the client address the gateway passes on', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const password = `Secret-${run}-Pass!`;
  let redis: PrivateRedis;
  let authService: ServiceProcess;
  let gateway: GatewayProcess;

  beforeAll(async () => {
    // A Redis of the test's own: the lockout of 127.0.0.1 must not reach other test files.
    redis = await PrivateRedis.start();
    authService = await ServiceProcess.start('auth', {
      ...database.env,
      REDIS_PORT: String(redis.port),
      BCRYPT_ROUNDS: '4',
      LOGIN_MAX_FAILURES: '1000',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
      LOGIN_LOCKOUT: '1m',
    });
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: authService.address });
  });

  afterAll(async () => {
    await gateway?.stop();
    await authService?.stop();
    await redis?.kill();
    closeHealthClients();
    await database.drop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${gateway.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('is the socket address, whatever x-client-address or x-user-id the client sends', async () => {
    const email = `victim-${run}@example.com`;
    expect((await post('/auth/register', { email, password, name: 'Victim' })).status).toBe(200);

    // Three failures, each claiming another address: all count against the one real address.
    for (let i = 0; i < 3; i++) {
      const forged = { 'x-client-address': `10.0.0.${i}`, 'x-user-id': `someone-${i}` };
      expect(
        (await post('/auth/login', { email: `guess-${i}-${run}@example.com`, password: 'wrong-password' }, forged))
          .status,
      ).toBe(401);
    }
    const locked = await post('/auth/login', { email, password }, { 'x-client-address': '10.0.0.99' });
    expect(locked.status).toBe(429);
    expect(await locked.json()).toEqual({
      code: 8,
      message: expect.stringMatching(/^too many failed logins/),
      details: [],
    });
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);

    // The lockout is of that address only: the same account signs in from another one.
    const client = new auth.AuthServiceClient(authService.address, credentials.createInsecure());
    try {
      const session = await unary(client.login.bind(client), { email, password }, { 'x-client-address': '10.1.1.1' });
      expect(session.user?.email).toBe(email);
    } finally {
      client.close();
    }
  });
});
