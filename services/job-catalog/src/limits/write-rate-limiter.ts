import { rateLimitRefusalCounter, ResourceExhaustedError, type Logger, type Redis } from '@chrono/kit';

export interface WriteRateLimits {
  /** Tokens added per second (RATE_LIMIT_WRITES_PER_SECOND, 50). */
  perSecond: number;
  /** Bucket size: the burst a user may make at once (RATE_LIMIT_WRITE_BURST, 100). */
  burst: number;
}

// A token bucket per user, refilled continuously; one script so replicas share it without races.
const TAKE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
if allowed == 1 then return 0 end
return math.ceil((1 - tokens) / rate * 1000)
`;

/**
 * Limits each user's writes (create, update, cancel, reschedule, delete) with a token bucket in
 * Redis, so the limit holds across replicas. When Redis cannot be reached the limiter lets writes
 * through and logs it: an outage of the limiter should not take the API down with it.
 */
export class WriteRateLimiter {
  private readonly refusals = rateLimitRefusalCounter('writes');

  constructor(private readonly redis: Redis, private readonly limits: WriteRateLimits, private readonly log: Logger) {
    // Registered once; ioredis then calls it by its SHA instead of sending the script each time.
    if (!('takeWriteToken' in redis)) redis.defineCommand('takeWriteToken', { numberOfKeys: 1, lua: TAKE });
  }

  /** Throws RESOURCE_EXHAUSTED with a retry-after when the user's bucket is empty. */
  async take(userId: string): Promise<void> {
    let waitMs: number;
    try {
      const take = (this.redis as unknown as { takeWriteToken(key: string, now: number, rate: number, burst: number): Promise<number> }).takeWriteToken;
      waitMs = Number(await take.call(this.redis, `catalog:write-rate:${userId}`, Date.now(), this.limits.perSecond, this.limits.burst));
    } catch (error) {
      this.log.warn({ err: error }, 'write rate limiter unavailable; allowing the write');
      return;
    }
    if (waitMs > 0) {
      this.refusals.inc();
      throw new ResourceExhaustedError(`too many changes; try again in ${Math.ceil(waitMs / 1000)} s`, waitMs);
    }
  }
}
