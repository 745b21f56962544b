import { randomBytes } from 'node:crypto';
import { credentials, status } from '@grpc/grpc-js';
import Redis from 'ioredis';
import { auth } from '@chrono/contracts';
import {
  closeHealthClients,
  healthStatus,
  PrivateRedis,
  sampleSum,
  scrape,
  scratchDatabase,
  ServiceProcess,
  unary,
  unaryError,
  waitFor,
  viaGateway,
} from '@chrono/testkit';

// Brute-force protection, with counters in a Redis of the test's own so that it can also take Redis away.
describe('login throttling', () => {
  const database = scratchDatabase();
  const run = randomBytes(3).toString('hex');
  const password = 'the-right-password';
  let redis: PrivateRedis;
  let service: ServiceProcess;
  let client: auth.AuthServiceClient;

  beforeAll(async () => {
    redis = await PrivateRedis.start();
    service = await ServiceProcess.start('auth', {
      ...database.env,
      REDIS_PORT: String(redis.port),
      LOGIN_MAX_FAILURES: '3',
      LOGIN_MAX_FAILURES_PER_ADDRESS: '5',
      LOGIN_LOCKOUT: '2s',
      BCRYPT_ROUNDS: '4',
    });
    client = new auth.AuthServiceClient(service.address, credentials.createInsecure());
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
    await redis?.kill();
    closeHealthClients();
    await database.drop();
  });

  const newUser = async (who: string) => {
    const email = `${who}-${run}@example.com`;
    await unary(client.register.bind(client), { email, password, name: who });
    return email;
  };
  const attempt = (email: string, pass: string, address: string) =>
    unaryError(client.login.bind(client), { email, password: pass }, viaGateway(address));

  it("locks out a stranger's address after repeated failures, not the owner signing in from elsewhere", async () => {
    const email = await newUser('locked');
    for (let i = 0; i < 3; i++)
      expect((await attempt(email, 'wrong-password', '10.0.0.1')).code).toBe(status.UNAUTHENTICATED);

    const refused = await attempt(email, password, '10.0.0.1');
    expect(refused.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(refused.details).toMatch(/^too many failed logins; try again in [12] s$/);
    const owner = await unary(client.login.bind(client), { email, password }, viaGateway('10.0.0.2'));
    expect(owner.user?.email).toBe(email);

    const session = await waitFor(() => unary(client.login.bind(client), { email, password }, viaGateway('10.0.0.1')), {
      timeoutMs: 10_000,
      intervalMs: 250,
      what: 'the lockout to end',
    });
    expect(session.user?.email).toBe(email);
  });

  it('locks out one client address trying many emails, without locking the others', async () => {
    const victim = await newUser('victim');
    for (let i = 0; i < 5; i++) await attempt(`guess-${i}-${run}@example.com`, 'wrong-password', '10.9.9.9');
    expect((await attempt(victim, password, '10.9.9.9')).code).toBe(status.RESOURCE_EXHAUSTED);
    const fromElsewhere = await unary(client.login.bind(client), { email: victim, password }, viaGateway('10.1.1.1'));
    expect(fromElsewhere.user?.email).toBe(victim);
  });

  it('keeps its counters under its REDIS_KEY_PREFIX, apart from another deployment sharing the Redis', async () => {
    const email = await newUser('prefixed');
    const neighbour = await ServiceProcess.start('auth', {
      ...database.env,
      REDIS_PORT: String(redis.port),
      REDIS_KEY_PREFIX: `neighbour-${run}:`,
      LOGIN_MAX_FAILURES: '3',
      BCRYPT_ROUNDS: '4',
    });
    const neighbourClient = new auth.AuthServiceClient(neighbour.address, credentials.createInsecure());
    const peek = new Redis({ port: redis.port, lazyConnect: true });
    try {
      for (let i = 0; i < 3; i++)
        expect((await attempt(email, 'wrong-password', '10.4.4.4')).code).toBe(status.UNAUTHENTICATED);
      expect((await attempt(email, password, '10.4.4.4')).code).toBe(status.RESOURCE_EXHAUSTED);

      const session = await unary(
        neighbourClient.login.bind(neighbourClient),
        { email, password },
        viaGateway('10.4.4.4'),
      );
      expect(session.user?.email).toBe(email);
      await peek.connect();
      expect(await peek.keys(`*login-failures:email:${email}`)).toEqual([
        `${process.env.REDIS_KEY_PREFIX}auth:login-failures:email:${email}`,
      ]);
    } finally {
      peek.disconnect();
      neighbourClient.close();
      await neighbour.stop();
    }
  });

  it('answers UNAVAILABLE without hanging while Redis is down, reports NOT_SERVING, and recovers', async () => {
    const email = await newUser('outage');
    await redis.kill();
    const started = Date.now();
    const error = await attempt(email, password, '10.0.0.3');
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitFor(async () => (await healthStatus(service.address)) === 'NOT_SERVING', {
      what: 'NOT_SERVING while Redis is down',
    });
    const serving = async () => sampleSum((await scrape(await service.metricsUrl())).samples, 'chrono_service_serving');
    expect(await serving()).toBe(0);
    expect(await healthStatus(service.address, 'liveness')).toBe('SERVING');

    await redis.restart();
    await waitFor(async () => (await healthStatus(service.address)) === 'SERVING', {
      what: 'SERVING after Redis is back',
    });
    expect(await serving()).toBe(1);
    const session = await waitFor(() => unary(client.login.bind(client), { email, password }), {
      what: 'login after Redis is back',
    });
    expect(session.user?.email).toBe(email);
  });
});
