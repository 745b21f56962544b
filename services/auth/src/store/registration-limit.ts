import { rateLimitRefusalCounter, ResourceExhaustedError, type Redis } from '@chrono/kit';
import { addressBlockOf } from '../domain/address-block';
import type { RegistrationLimit } from '../domain/user';

export interface RegistrationLimits {
  /** Registrations from one client address (IPv6: one /64) per window. */
  maxPerAddress: number;
  /** Registrations from all clients together per window. */
  maxTotal: number;
  /** The fixed window both are counted in, in ms. */
  windowMs: number;
}

// Fixed windows, one per address and one for everyone. The address is checked first and a refused
// registration counts nowhere, so that one noisy client cannot use up the global budget of the others.
// Returns {0, 0} when counted, else {1 address or 2 all, ms until the window ends}.
const ADMIT_REGISTRATION = `
if tonumber(redis.call('GET', KEYS[1]) or 0) >= tonumber(ARGV[1]) then return {1, redis.call('PTTL', KEYS[1])} end
if tonumber(redis.call('GET', KEYS[2]) or 0) >= tonumber(ARGV[2]) then return {2, redis.call('PTTL', KEYS[2])} end
for i = 1, 2 do
  redis.call('INCR', KEYS[i])
  redis.call('PEXPIRE', KEYS[i], ARGV[3], 'NX')
end
return {0, 0}
`;

type AdmitRegistration = (addressKey: string, totalKey: string, ...args: number[]) => Promise<[number, number]>;

/**
 * Registration counted in Redis per client address and in all (REGISTER_MAX_PER_ADDRESS,
 * REGISTER_MAX_TOTAL per REGISTER_WINDOW); refusals count in `chrono_rate_limit_refusals_total{limit="register"}`.
 */
export class RedisRegistrationLimit implements RegistrationLimit {
  private readonly refusals = rateLimitRefusalCounter('register');

  constructor(
    private readonly redis: Redis,
    private readonly limits: RegistrationLimits,
  ) {
    if (!('admitRegistration' in redis))
      redis.defineCommand('admitRegistration', { numberOfKeys: 2, lua: ADMIT_REGISTRATION });
  }

  async admit(address: string): Promise<void> {
    const { maxPerAddress, maxTotal, windowMs } = this.limits;
    const admitRegistration = (this.redis as unknown as { admitRegistration: AdmitRegistration }).admitRegistration;
    const [limit, waitMs] = await admitRegistration.call(
      this.redis,
      `auth:registrations:address:${addressBlockOf(address)}`,
      'auth:registrations:total',
      maxPerAddress,
      maxTotal,
      windowMs,
    );
    if (limit === 0) return;
    this.refusals.inc();
    const retryMs = Math.max(Number(waitMs), 1000);
    const which =
      limit === 1
        ? `at most ${maxPerAddress} from one address (REGISTER_MAX_PER_ADDRESS)`
        : `at most ${maxTotal} from all clients (REGISTER_MAX_TOTAL)`;
    throw new ResourceExhaustedError(
      `too many registrations: ${which} per ${windowText(windowMs)}; try again in ${Math.ceil(retryMs / 1000)} s`,
      retryMs,
    );
  }
}

const windowText = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000} h` : `${Math.ceil(ms / 1000)} s`);
