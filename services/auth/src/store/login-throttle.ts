import { rateLimitRefusalCounter, ResourceExhaustedError, type Redis } from '@chrono/kit';
import type { LoginThrottle } from '../domain/user';

export interface LoginThrottleLimits {
  maxFailuresPerEmail: number;
  maxFailuresPerAddress: number;
  /** How long failures are counted, and so how long a lockout lasts, in ms. */
  lockoutMs: number;
}

/**
 * Failed-login counters in Redis, one per email and one per client address, each expiring
 * `lockoutMs` after its first failure. Reaching a limit locks that email or address out until its
 * counter expires; a successful login clears the email's counter.
 */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly refusals = rateLimitRefusalCounter('login');

  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginThrottleLimits,
  ) {}

  async assertAllowed(email: string, address: string): Promise<void> {
    const [emailFailures, addressFailures] = await this.redis.mget(emailKey(email), addressKey(address));
    const lockedKey =
      Number(emailFailures ?? 0) >= this.limits.maxFailuresPerEmail
        ? emailKey(email)
        : Number(addressFailures ?? 0) >= this.limits.maxFailuresPerAddress
          ? addressKey(address)
          : undefined;
    if (!lockedKey) return;
    const ttlMs = Math.max(await this.redis.pttl(lockedKey), 1000);
    this.refusals.inc();
    throw new ResourceExhaustedError(`too many failed logins; try again in ${Math.ceil(ttlMs / 1000)} s`, ttlMs);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const multi = this.redis.multi();
    for (const key of [emailKey(email), addressKey(address)]) {
      multi.incr(key);
      // NX: the window starts at the first failure and is not pushed back by later ones.
      multi.pexpire(key, this.limits.lockoutMs, 'NX');
    }
    await multi.exec();
  }

  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(emailKey(email));
  }
}

const emailKey = (email: string) => `auth:login-failures:email:${email}`;
const addressKey = (address: string) => `auth:login-failures:address:${address}`;
