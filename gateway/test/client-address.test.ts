import { randomBytes, randomInt } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import {
  closeHealthClients,
  GatewayProcess,
  PrivateRedis,
  scratchDatabase,
  ServiceProcess,
  unary,
  viaGateway,
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
  // A gateway behind one proxy that appends to X-Forwarded-For (GATEWAY_TRUSTED_PROXY_HOPS=1).
  let proxied: GatewayProcess;

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
      REGISTER_MAX_PER_ADDRESS: '2',
    });
    gateway = await GatewayProcess.start({ AUTH_GRPC_URL: authService.address });
    proxied = await GatewayProcess.start({ AUTH_GRPC_URL: authService.address, GATEWAY_TRUSTED_PROXY_HOPS: '1' });
  });

  afterAll(async () => {
    await proxied?.stop();
    await gateway?.stop();
    await authService?.stop();
    await redis?.kill();
    closeHealthClients();
    await database.drop();
  });

  const post = (path: string, body: unknown, headers: Record<string, string> = {}, via = gateway) =>
    fetch(`${via.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  // Addresses new to each run, so that no run meets the counters of another.
  const newAddress = () => `198.51.${randomInt(256)}.${randomInt(1, 255)}`;

  it('is the socket address, whatever x-client-address, X-Forwarded-For or x-user-id the client sends', async () => {
    const email = `victim-${run}@example.com`;
    expect((await post('/auth/register', { email, password, name: 'Victim' })).status).toBe(200);

    // Three failures, each claiming another address: all count against the one real address.
    for (let i = 0; i < 3; i++) {
      const forged = { 'x-client-address': `10.0.0.${i}`, 'x-forwarded-for': `10.0.1.${i}`, 'x-user-id': `u${i}` };
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
      const session = await unary(client.login.bind(client), { email, password }, viaGateway('10.1.1.1'));
      expect(session.user?.email).toBe(email);
    } finally {
      client.close();
    }
  });

  it('is the address the trusted proxy appended to X-Forwarded-For, not what the client wrote before it', async () => {
    const [attacker, owner] = [newAddress(), newAddress()];
    const email = `behind-proxy-${run}@example.com`;
    const viaProxy = (path: string, body: unknown, from: string, forged: Record<string, string> = {}) =>
      post(path, body, { 'x-forwarded-for': from, ...forged }, proxied);
    expect((await viaProxy('/auth/register', { email, password, name: 'Owner' }, owner)).status).toBe(200);

    for (let i = 0; i < 3; i++) {
      const spoofed = `10.2.0.${i}, ${attacker}`;
      const guess = { email: `guess-${i}-${run}@example.com`, password: 'wrong-password' };
      expect((await viaProxy('/auth/login', guess, spoofed, { 'x-client-address': owner })).status).toBe(401);
    }
    expect((await viaProxy('/auth/login', { email, password }, attacker)).status).toBe(429);
    expect((await viaProxy('/auth/login', { email, password }, owner)).status).toBe(200);
  });

  it('limits registrations per client address with 429 and a message naming the setting', async () => {
    const from = { 'x-forwarded-for': newAddress() };
    const register = (n: number) =>
      post('/auth/register', { email: `reg-${n}-${run}@example.com`, password, name: 'Reg' }, from, proxied);
    expect((await register(1)).status).toBe(200);
    expect((await register(2)).status).toBe(200);
    const refused = await register(3);
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      code: 8,
      message: expect.stringMatching(
        /^too many registrations: at most 2 from one address \(REGISTER_MAX_PER_ADDRESS\)/,
      ),
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(
      (await post('/auth/register', { email: `reg-4-${run}@example.com`, password, name: 'Reg' }, {}, proxied)).status,
    ).toBe(200);
  });
});
