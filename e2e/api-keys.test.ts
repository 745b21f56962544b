import { randomBytes } from 'node:crypto';
import { waitFor } from '@chrono/testkit';
import { RunningSystem } from './support/running-system';
import { isUnauthenticated, ServiceClients } from './support/service-clients';

// API keys for internal services, on the whole system: one key works on every service, over gRPC and
// over REST through the gateway, acts only for its maker, and is refused everywhere within a second of
// its revocation.
describe('API keys', () => {
  let system: RunningSystem;
  let services: ServiceClients;

  beforeAll(async () => {
    system = await RunningSystem.start({ API_KEYS_PER_USER: '3' });
    services = ServiceClients.of(system);
  });
  afterAll(async () => {
    services?.close();
    await system?.stop();
  });

  const signUp = () => system.signUp('Key Maker');
  const makeKey = async (token: string, name = 'billing service') => {
    const made = await system.call('POST', '/auth/api-keys', { token, body: { name } });
    expect(made.status).toBe(200);
    return made.body as { id: string; name: string; key: string; createdAt: string };
  };
  const newJob = (token: string) =>
    system.call('POST', '/jobs', {
      token,
      body: { name: 'made with a key', type: 'one_time', scheduledAt: new Date(Date.now() + 3600_000).toISOString() },
    });

  it('answers {id, name, key, createdAt} once, and the key works on every service over REST and gRPC', async () => {
    const owner = await signUp();
    const made = await makeKey(owner.access_token);
    expect(Object.keys(made).sort()).toEqual(['createdAt', 'id', 'key', 'name']);
    expect(made.key).toMatch(/^chrono_ak_[A-Za-z0-9_-]{43}$/);

    const { key } = made;
    expect((await system.call('GET', '/auth/me', { token: key })).body.user.id).toBe(owner.user.id);
    const job = await newJob(key);
    expect([job.status, job.body.userId]).toEqual([200, owner.user.id]);
    const listed = await system.call('GET', '/jobs', { token: key });
    expect(listed.body.items.map((j: { id: string }) => j.id)).toEqual([job.body.id]);
    const preview = await system.call('POST', '/schedules/preview', {
      token: key,
      body: { recurrencePattern: 'hourly', count: 2 },
    });
    expect([preview.status, preview.body.runs.length]).toEqual([200, 2]);
    expect((await system.call('POST', `/jobs/${job.body.id}/trigger`, { token: key, body: {} })).status).toBe(200);
    expect((await system.call('GET', '/handlers', { token: key })).status).toBe(200);

    const [me, found, runs, handlers] = (await services.oneCallEach(key, job.body.id)) as any[];
    expect([me.user?.id, found.id, runs.runs?.length, Array.isArray(handlers.handlers)]).toEqual([
      owner.user.id,
      job.body.id,
      2,
      true,
    ]);
  });

  it("acts only for its maker: another user's key does not see the first user's jobs", async () => {
    const [alice, bob] = [await signUp(), await signUp()];
    const job = (await newJob(alice.access_token)).body;
    const bobsKey = (await makeKey(bob.access_token)).key;
    expect((await system.call('GET', `/jobs/${job.id}`, { token: bobsKey })).status).toBe(404);
    expect((await system.call('GET', '/jobs', { token: bobsKey })).body.items).toEqual([]);
    expect((await system.call('POST', `/jobs/${job.id}/trigger`, { token: bobsKey, body: {} })).status).toBe(404);
  });

  it('lists keys without the key itself, with when each was last used', async () => {
    const owner = await signUp();
    const used = await makeKey(owner.access_token, 'used');
    const unused = await makeKey(owner.access_token, 'unused');
    await system.call('GET', '/jobs', { token: used.key });
    const listed = await waitFor(() => system.call('GET', '/auth/api-keys', { token: owner.access_token }), {
      what: 'the last use to be recorded',
      until: ({ body }) => body.apiKeys.some((k: { lastUsedAt?: string }) => k.lastUsedAt),
    });
    expect(JSON.stringify(listed.body)).not.toContain(used.key.slice('chrono_ak_'.length));
    const byName = Object.fromEntries(listed.body.apiKeys.map((k: { name: string }) => [k.name, k]));
    expect(Object.keys(byName.used).sort()).toEqual(['createdAt', 'id', 'lastUsedAt', 'name']);
    expect(byName.unused).toEqual({ id: unused.id, name: 'unused', createdAt: expect.any(String) });
  });

  it('refuses a revoked key on every service within a second, and an unknown one at once', async () => {
    const owner = await signUp();
    const { id, key } = await makeKey(owner.access_token);
    const job = (await newJob(key)).body;
    // Every service has seen (and cached) the key before it is revoked.
    expect((await services.oneCallEach(key, job.id)).filter(isUnauthenticated)).toEqual([]);
    const at = Date.now();
    expect((await system.call('DELETE', `/auth/api-keys/${id}`, { token: owner.access_token })).status).toBe(200);
    await waitFor(() => services.oneCallEach(key, job.id), {
      timeoutMs: 3000,
      what: 'every service to refuse the revoked key',
      until: (answers) => answers.every(isUnauthenticated),
    });
    // One second of cache, plus the calls themselves on a busy machine.
    expect(Date.now() - at).toBeLessThan(1500);
    expect((await system.call('GET', '/jobs', { token: key })).status).toBe(401);

    const unknown = `chrono_ak_${randomBytes(32).toString('base64url')}`;
    expect((await services.oneCallEach(unknown, job.id)).every(isUnauthenticated)).toBe(true);
    const refused = await system.call('GET', '/jobs', { token: unknown });
    expect([refused.status, refused.body.code]).toEqual([401, 16]);
    expect((await system.call('GET', '/auth/me', { token: 'chrono_ak_short' })).status).toBe(401);
  });

  it('checks the name, limits keys per user, and lets no key make another or delete its account', async () => {
    const owner = await signUp();
    const token = owner.access_token;
    for (const [body, message] of [
      [{}, 'name is required'],
      [{ name: '   ' }, 'name is required'],
      [{ name: 'x'.repeat(101) }, 'name must be at most 100 characters'],
    ] as const) {
      const refused = await system.call('POST', '/auth/api-keys', { token, body });
      expect([refused.status, refused.body.message]).toEqual([400, message]);
    }
    const keys = [await makeKey(token, 'a'), await makeKey(token, 'b'), await makeKey(token, 'c')];
    const fourth = await system.call('POST', '/auth/api-keys', { token, body: { name: 'd' } });
    expect([fourth.status, fourth.body.code, fourth.body.message]).toEqual([
      400,
      9,
      expect.stringContaining('at most 3 API keys'),
    ]);
    const byKey = await system.call('POST', '/auth/api-keys', { token: keys[0].key, body: { name: 'e' } });
    expect([byKey.status, byKey.body.message]).toEqual([400, expect.stringContaining('an API key cannot')]);
    expect((await system.call('DELETE', '/auth/me', { token: keys[0].key })).status).toBe(400);
    expect((await system.call('DELETE', '/auth/api-keys/not-a-uuid', { token })).body.message).toBe(
      'id must be a UUID',
    );
    // Another user's key and an unknown one are the same: not found.
    const stranger = await signUp();
    const notMine = await system.call('DELETE', `/auth/api-keys/${keys[0].id}`, { token: stranger.access_token });
    expect([notMine.status, notMine.body.message]).toEqual([404, 'API key not found']);
  });
});
