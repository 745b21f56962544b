import { createHash } from 'node:crypto';
import { InvalidArgumentError, UnavailableError, type Redis } from '@chrono/kit';

const PENDING = 'pending';
const MAX_KEY_LENGTH = 200;

/**
 * Idempotency keys of CreateJob and CreateJobs, per user, in Redis for `ttlMs` (IDEMPOTENCY_TTL, 24 h).
 * The first request with a key claims it; a retry with the same key and the same request gets the
 * ids of the jobs the first created; the same key with a different request is refused; a retry
 * racing the first waits for it.
 */
export class IdempotencyKeys {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
    private readonly waitMs = 5000,
  ) {}

  /**
   * Runs `create` once per (user, key): resolves to the job ids `create` returned now or on an
   * earlier call with the same key and request.
   */
  async once(
    userId: string,
    key: string,
    request: unknown,
    create: () => Promise<string[]>,
  ): Promise<{ jobIds: string[]; replayed: boolean }> {
    if (key.length > MAX_KEY_LENGTH)
      throw new InvalidArgumentError('idempotency-key', `idempotency-key must be at most ${MAX_KEY_LENGTH} characters`);
    const redisKey = `catalog:idempotency:${userId}:${key}`;
    const fingerprint = createHash('sha256').update(JSON.stringify(request)).digest('base64url');
    const claimed = await this.redis.set(redisKey, `${PENDING}:${fingerprint}`, 'PX', this.ttlMs, 'NX');
    if (claimed === 'OK') {
      try {
        const jobIds = await create();
        await this.redis.set(redisKey, `${jobIds.join(',')}:${fingerprint}`, 'PX', this.ttlMs, 'XX');
        return { jobIds, replayed: false };
      } catch (error) {
        // A request that failed created nothing: a corrected retry may use the same key.
        await this.redis.del(redisKey).catch(() => undefined);
        throw error;
      }
    }
    const deadline = Date.now() + this.waitMs;
    for (;;) {
      const stored = await this.redis.get(redisKey);
      if (stored === null) return this.once(userId, key, request, create);
      const [jobIds, storedFingerprint] = stored.split(':');
      if (storedFingerprint !== fingerprint)
        throw new InvalidArgumentError('idempotency-key', 'idempotency-key was already used for a different request');
      if (jobIds !== PENDING) return { jobIds: jobIds.split(','), replayed: true };
      if (Date.now() > deadline)
        throw new UnavailableError('the first request with this idempotency-key is still in progress; retry shortly');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
