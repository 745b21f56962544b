import { randomBytes } from 'node:crypto';
import { credentials } from '@grpc/grpc-js';
import Redis from 'ioredis';
import { auth, executor, jobService, redisAclRule, redisUsers, scheduler, type RedisUser } from '@chrono/contracts';
import { PrivateNats, scratchDatabase, ServiceProcess, unary, unaryError, type ScratchDatabase } from '@chrono/testkit';

// Each service runs as its own Redis ACL user (the rules the deploy files are generated from, set on
// the local Redis under names of this test's own, with this test file's REDIS_KEY_PREFIX): its real
// work goes through, and Redis refuses it the keys of the others.
const prefix = process.env.REDIS_KEY_PREFIX ?? '';
const suffix = randomBytes(4).toString('hex');
const password = randomBytes(12).toString('hex');
const nameOf = (user: string) => `${user}-${suffix}`;
// Four services start one after another on a machine that may be busy.
const START_TIMEOUT_MS = 120_000;
const userOf = (user: string) => redisUsers.find((entry) => entry.user === user) as RedisUser;

describe('the services as their own Redis users', () => {
  const admin = new Redis({ lazyConnect: true });
  const clients: Redis[] = [];
  const running: Record<string, ServiceProcess> = {};
  let database: ScratchDatabase;
  let nats: PrivateNats;
  const as = (user: string) => {
    // No key prefix here: the test writes whole keys, to try exactly those.
    const client = new Redis({ username: nameOf(user), password, lazyConnect: true, maxRetriesPerRequest: 0 });
    clients.push(client);
    return client;
  };
  const redisEnv = (user: string) => ({ REDIS_USERNAME: nameOf(user), REDIS_PASSWORD: password });

  beforeAll(async () => {
    for (const entry of redisUsers)
      await admin.call(
        'ACL',
        'SETUSER',
        nameOf(entry.user),
        'reset',
        ...redisAclRule(entry, password, prefix).split(' '),
      );
    database = scratchDatabase();
    nats = await PrivateNats.start();
    running.auth = await ServiceProcess.start('auth', { ...database.env, ...redisEnv('auth') });
    const common = { ...database.env, NATS_URL: nats.url, AUTH_GRPC_URL: running.auth.address };
    await Promise.all(
      ['job-catalog', 'scheduler', 'executor'].map(async (name) => {
        running[name] = await ServiceProcess.start(name, { ...common, ...redisEnv(name) });
      }),
    );
  }, START_TIMEOUT_MS);

  afterAll(async () => {
    clients.forEach((client) => client.disconnect());
    await Promise.all(Object.values(running).map((service) => service.stop()));
    for (const { user } of redisUsers) await admin.call('ACL', 'DELUSER', nameOf(user));
    admin.disconnect();
    await nats?.stop();
    await database?.drop();
  });

  it('do their work with Redis: registration and login limits, idempotency keys, rate limits, token checks', async () => {
    const authClient = new auth.AuthServiceClient(running.auth.address, credentials.createInsecure());
    const jobs = new jobService.JobServiceClient(running['job-catalog'].address, credentials.createInsecure());
    const schedules = new scheduler.SchedulerServiceClient(running.scheduler.address, credentials.createInsecure());
    const handlers = new executor.ExecutorServiceClient(running.executor.address, credentials.createInsecure());
    try {
      const email = `redis-${suffix}@example.com`;
      await unary(authClient.register.bind(authClient), { email, password: 'long-enough-1', name: 'redis' });
      const wrong = await unaryError(authClient.login.bind(authClient), { email, password: 'wrong-password-1' });
      expect(wrong.code).toBe(16); // UNAUTHENTICATED: the failure was counted, not refused by Redis
      const { accessToken } = await unary(authClient.login.bind(authClient), { email, password: 'long-enough-1' });
      const alice = { authorization: `Bearer ${accessToken}` };
      const job = {
        name: 'redis',
        type: 'one_time',
        payload: {},
        scheduledAt: new Date(Date.now() + 3_600_000),
        maxRetries: 0,
        target: undefined,
        catchUpWindow: undefined,
        notifications: [],
      };
      const created = await unary(jobs.createJob.bind(jobs), job, { ...alice, 'idempotency-key': 'once' });
      expect((await unary(jobs.createJob.bind(jobs), job, { ...alice, 'idempotency-key': 'once' })).id).toBe(
        created.id,
      );
      const preview = await unary(
        schedules.previewRuns.bind(schedules),
        { recurrencePattern: 'daily', start: new Date(), count: 2 },
        alice,
      );
      expect(preview.runs).toHaveLength(2);
      // The executor's token check reads the session revocations.
      expect((await unary(handlers.listHandlers.bind(handlers), {}, alice)).handlers.length).toBeGreaterThan(0);
    } finally {
      [authClient, jobs, schedules, handlers].forEach((client) => client.close());
    }
  });

  it.each([
    ['job-catalog', 'auth:login-failures:email:someone@example.com'],
    ['scheduler', 'catalog:idempotency:someone:key'],
    ['executor', 'rate:writes:someone'],
    ['auth', 'catalog:idempotency:someone:key'],
  ])('refuses %s the key %s', async (user, key) => {
    const client = as(user);
    await expect(client.get(`${prefix}${key}`)).rejects.toThrow(/NOPERM/);
    await expect(client.set(`${prefix}${key}`, '1')).rejects.toThrow(/NOPERM/);
  });

  it.each(['job-catalog', 'scheduler', 'executor'])(
    'lets %s read session revocations but not write them',
    async (user) => {
      expect(userOf(user).readKeys).toContain('auth:revoked:*');
      const client = as(user);
      await expect(client.get(`${prefix}auth:revoked:session:someone`)).resolves.toBeNull();
      await expect(client.set(`${prefix}auth:revoked:session:someone`, '1')).rejects.toThrow(/NOPERM/);
    },
  );

  it('refuses every service user commands over the whole server', async () => {
    for (const { user } of redisUsers) {
      const client = as(user);
      await expect(client.flushall()).rejects.toThrow(/NOPERM/);
      await expect(client.keys('*')).rejects.toThrow(/NOPERM/);
      await expect(client.call('CONFIG', 'GET', 'requirepass')).rejects.toThrow(/NOPERM/);
    }
  });
});
