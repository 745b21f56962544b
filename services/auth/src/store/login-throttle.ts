import { rateLimitRefusalCounter, ResourceExhaustedError, type Redis } from '@chrono/kit';
import { addressBlockOf } from '../domain/address-block';
import type { LoginThrottle } from '../domain/user';
import { ADMIT_LOGIN, LOGIN_SUCCEEDED } from './login-attempt-scripts';

export interface LoginThrottleLimits {
  /** Failed logins of one email from one client address before that pair is locked out. */
  maxFailuresPerEmail: number;
  /** Failed logins from one client address, whatever the email, before the address is locked out. */
  maxFailuresPerAddress: number;
  /** Failed logins of one email, from any address, after which its attempts are spaced out. */
  emailDelayAfter: number;
  /** The first spacing, doubling with each further failure up to `emailMaxDelayMs`, in ms. */
  emailDelayMs: number;
  emailMaxDelayMs: number;
  /** How long failures are counted, and so how long a lockout lasts, in ms. */
  lockoutMs: number;
}

type Script = (pair: string, address: string, email: string, ...args: number[]) => Promise<[number, number]>;
interface ThrottleCommands {
  admitLogin: Script;
  loginSucceeded: Script;
}

/**
 * Login attempts counted in Redis, before each password is checked. A hard lockout per (email, client
 * address), so that a stranger's failures lock out only the stranger; per address whatever the email,
 * against one client trying many; and per email from anywhere a growing delay instead of a lockout, so
 * that attackers spread over many addresses are slowed down while the owner still gets in. Addresses
 * are counted by block (IPv6 by /64). Refusals count in `chrono_rate_limit_refusals_total{limit="login"}`.
 */
export class RedisLoginThrottle implements LoginThrottle {
  private readonly refusals = rateLimitRefusalCounter('login');

  constructor(
    private readonly redis: Redis,
    private readonly limits: LoginThrottleLimits,
  ) {
    // Registered once per connection; ioredis then sends each script's SHA instead of its text.
    if (!('admitLogin' in redis)) {
      redis.defineCommand('admitLogin', { numberOfKeys: 3, lua: ADMIT_LOGIN });
      redis.defineCommand('loginSucceeded', { numberOfKeys: 3, lua: LOGIN_SUCCEEDED });
    }
  }

  async admit(email: string, address: string): Promise<void> {
    const { maxFailuresPerEmail, maxFailuresPerAddress, emailDelayAfter, emailDelayMs, emailMaxDelayMs, lockoutMs } =
      this.limits;
    const [limit, waitMs] = await this.commands.admitLogin(
      ...keysOf(email, address),
      maxFailuresPerEmail,
      maxFailuresPerAddress,
      emailDelayAfter,
      emailDelayMs,
      emailMaxDelayMs,
      lockoutMs,
      Date.now(),
    );
    if (limit === 0) return;
    this.refusals.inc();
    const retryMs = Math.max(Number(waitMs), 1000);
    const what = limit === 3 ? 'failed logins for this account; wait between attempts' : 'failed logins';
    throw new ResourceExhaustedError(`too many ${what}; try again in ${Math.ceil(retryMs / 1000)} s`, retryMs);
  }

  async recordSuccess(email: string, address: string): Promise<void> {
    await this.commands.loginSucceeded(...keysOf(email, address));
  }

  private get commands(): ThrottleCommands {
    return this.redis as unknown as ThrottleCommands;
  }
}

function keysOf(email: string, address: string): [string, string, string] {
  const block = addressBlockOf(address);
  return [
    `auth:login-failures:pair:${block}:${email}`,
    `auth:login-failures:address:${block}`,
    `auth:login-failures:email:${email}`,
  ];
}
