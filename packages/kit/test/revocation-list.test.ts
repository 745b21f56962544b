import { randomUUID } from 'node:crypto';
import { PrivateRedis, waitFor } from '@chrono/testkit';
import { connectRedis, RedisRevocationList, revocationKeys, UnauthenticatedError, UnavailableError } from '@chrono/kit';
import type { Redis } from 'ioredis';

// The revocation check every service's token verifier runs, against a real redis-server of its own.
describe('RedisRevocationList', () => {
  let server: PrivateRedis;
  let redis: Redis;
  beforeAll(async () => {
    server = await PrivateRedis.start();
    redis = await connectRedis({ host: '127.0.0.1', port: server.port, keyPrefix: 'test:' }, 'revocation-test');
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.kill();
  });

  const now = () => Math.floor(Date.now() / 1000);

  it('passes a live session, and refuses it within a second of its revocation record', async () => {
    const list = new RedisRevocationList(redis);
    const claims = { sub: randomUUID(), sid: randomUUID(), iat: now() };
    await list.check(claims);
    await redis.set(revocationKeys.session(claims.sid), '1', 'EX', 60);
    await expect(list.check(claims)).resolves.toBeUndefined(); // the cached answer, for under a second
    await new Promise((resolve) => setTimeout(resolve, 1050));
    await expect(list.check(claims)).rejects.toThrow(UnauthenticatedError);
  });

  it('refuses tokens issued before the user\'s "not before", and passes later ones', async () => {
    const list = new RedisRevocationList(redis, { cacheMs: 0 });
    const sub = randomUUID();
    await redis.set(revocationKeys.userNotBefore(sub), String(now()), 'EX', 60);
    await expect(list.check({ sub, sid: randomUUID(), iat: now() - 5 })).rejects.toThrow(UnauthenticatedError);
    await expect(list.check({ sub, iat: now() - 5 })).rejects.toThrow(UnauthenticatedError);
    await expect(list.check({ sub, sid: randomUUID(), iat: now() + 1 })).resolves.toBeUndefined();
  });

  it('fails closed with UNAVAILABLE while Redis is down, and recovers when it is back', async () => {
    const list = new RedisRevocationList(redis, { cacheMs: 0 });
    const claims = { sub: randomUUID(), sid: randomUUID(), iat: now() };
    await server.kill();
    await expect(list.check(claims)).rejects.toThrow(UnavailableError);
    await server.restart();
    // ioredis reconnects in the background within 2 s.
    await waitFor(() => list.check(claims).then(() => true), { timeoutMs: 5000, what: 'the check to pass again' });
  });
});
