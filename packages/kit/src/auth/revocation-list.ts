import type { Redis } from 'ioredis';
import { UnauthenticatedError, UnavailableError } from '../errors/domain-errors';
import { revocationKeys } from './revocation-keys';

/** The claims of a verified access token that revocation looks at. */
export interface SessionClaims {
  sub: string;
  /** Session id (`sid`); absent from tokens issued before sessions existed. */
  sid?: string;
  /** Issued at, epoch seconds. */
  iat?: number;
}

/** Tells whether a verified token's session has been ended; throws UnauthenticatedError if so. */
export interface RevocationCheck {
  check(claims: SessionClaims): Promise<void>;
}

export interface RedisRevocationListOptions {
  /** How long an answer from Redis is reused in this process, in ms (default 1000): the revocation delay. */
  cacheMs?: number;
  /** Most answers kept (default 10000); the oldest go first. */
  cacheSize?: number;
}

interface Answer {
  sessionRevoked: boolean;
  notBefore: number;
  at: number;
}

/**
 * Reads the revocation records auth writes to Redis: one key per ended session, one "not before"
 * per user who ended all sessions. Answers are cached for at most a second, so an ended session's
 * tokens are refused everywhere within about a second. When Redis cannot be asked the check fails
 * closed (UNAVAILABLE): a revoked token must never pass because Redis is down.
 */
export class RedisRevocationList implements RevocationCheck {
  private readonly answers = new Map<string, Answer>();
  private readonly pending = new Map<string, Promise<Answer>>();

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisRevocationListOptions = {},
  ) {}

  async check(claims: SessionClaims): Promise<void> {
    const answer = await this.answerFor(claims.sub, claims.sid);
    if (answer.sessionRevoked) throw new UnauthenticatedError('the session of this token has ended');
    if (answer.notBefore > 0 && (claims.iat ?? 0) < answer.notBefore)
      throw new UnauthenticatedError('the session of this token has ended');
  }

  private async answerFor(sub: string, sid: string | undefined): Promise<Answer> {
    const key = `${sub} ${sid ?? ''}`;
    const cached = this.answers.get(key);
    if (cached && Date.now() - cached.at < (this.options.cacheMs ?? 1000)) return cached;
    // Concurrent calls of one session share one read.
    let reading = this.pending.get(key);
    if (!reading) {
      reading = this.read(sub, sid).finally(() => this.pending.delete(key));
      this.pending.set(key, reading);
    }
    const answer = await reading;
    this.answers.delete(key);
    if (this.answers.size >= (this.options.cacheSize ?? 10_000))
      this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, answer);
    return answer;
  }

  private async read(sub: string, sid: string | undefined): Promise<Answer> {
    const at = Date.now();
    try {
      const [session, notBefore] = await this.redis.mget(
        sid ? revocationKeys.session(sid) : revocationKeys.userNotBefore(sub),
        revocationKeys.userNotBefore(sub),
      );
      return { sessionRevoked: Boolean(sid) && session !== null, notBefore: Number(notBefore ?? 0) || 0, at };
    } catch (error) {
      throw new UnavailableError(`cannot check token revocation: ${(error as Error).message}`);
    }
  }
}
