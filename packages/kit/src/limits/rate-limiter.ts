import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { ResourceExhaustedError } from '../errors/domain-errors';
import { rateLimitRefusalCounter } from '../metrics/limit-metrics';

/** A per-user budget of calls: a token bucket. */
export interface RateLimit {
  /** Tokens added per second. */
  perSecond: number;
  /** Bucket size: the burst a user may make at once. */
  burst: number;
}

export interface RateLimiterOptions extends RateLimit {
  /** Names the bucket in Redis (`rate:<name>:<user id>`); limiters with the same name share each user's bucket. */
  name: string;
  /** The start of the RESOURCE_EXHAUSTED message, naming the limit and its settings; "; try again in N s" follows. */
  refusal: string;
}

// A token bucket per user, refilled continuously; one script so replicas share it without races.
// A call takes `cost` tokens at once, or none.
const TAKE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local cost = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= cost then
  tokens = tokens - cost
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', now)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate * 1000) + 1000)
if allowed == 1 then return 0 end
return math.ceil((cost - tokens) / rate * 1000)
`;

type TakeToken = (key: string, now: number, rate: number, burst: number, cost: number) => Promise<number>;

/**
 * Limits each user's calls of some kind with a token bucket in Redis, so that the limit holds across
 * replicas (and across services that use the same `name`). When Redis cannot be reached the limiter
 * lets calls through and logs it: an outage of the limiter should not take the API down with it.
 * Refusals are counted in `chrono_rate_limit_refusals_total{limit=<name>}`.
 */
export class RateLimiter {
  private readonly refusals: { inc(): void };

  constructor(
    private readonly redis: Redis,
    private readonly options: RateLimiterOptions,
    private readonly log: Logger,
  ) {
    this.refusals = rateLimitRefusalCounter(options.name);
    // Registered once per connection; ioredis then calls it by its SHA instead of sending the script each time.
    if (!('takeRateToken' in redis)) redis.defineCommand('takeRateToken', { numberOfKeys: 1, lua: TAKE });
  }

  /** The most tokens one call can take: the bucket's size. */
  get burst(): number {
    return this.options.burst;
  }

  /**
   * Takes `cost` tokens (a batch of writes counts each); throws RESOURCE_EXHAUSTED with a retry-after
   * when the user's bucket holds fewer. A cost above the burst can never be paid: callers check it first.
   */
  async take(userId: string, cost = 1): Promise<void> {
    const { name, perSecond, burst, refusal } = this.options;
    let waitMs: number;
    try {
      const take = (this.redis as unknown as { takeRateToken: TakeToken }).takeRateToken;
      waitMs = Number(await take.call(this.redis, `rate:${name}:${userId}`, Date.now(), perSecond, burst, cost));
    } catch (error) {
      this.log.warn({ err: error, limit: name }, 'rate limiter unavailable; allowing the call');
      return;
    }
    if (waitMs > 0) {
      this.refusals.inc();
      throw new ResourceExhaustedError(`${refusal}; try again in ${Math.ceil(waitMs / 1000)} s`, waitMs);
    }
  }
}

/**
 * The per-user budget of changes (job-catalog's writes and the scheduler's TriggerNow draw from the
 * same bucket): `limit` from readWriteRateLimit (RATE_LIMIT_WRITES_PER_SECOND, RATE_LIMIT_WRITE_BURST).
 */
export function writeRateLimiter(redis: Redis, limit: RateLimit, log: Logger): RateLimiter {
  return new RateLimiter(
    redis,
    {
      ...limit,
      name: 'writes',
      refusal: `too many changes: at most ${limit.perSecond} a second per user, ${limit.burst} at once (RATE_LIMIT_WRITES_PER_SECOND, RATE_LIMIT_WRITE_BURST)`,
    },
    log,
  );
}
