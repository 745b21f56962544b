import { revocationKeys, UnavailableError, type Redis } from '@chrono/kit';
import type { SessionRevocations } from '../domain/session';

/**
 * Writes the records the kit's token verifier reads (see revocationKeys). Each lives as long as an
 * access token issued just before it could (JWT_EXPIRATION) plus a margin for clock skew: after that
 * the tokens it refuses have expired anyway.
 */
export class RedisSessionRevocations implements SessionRevocations {
  private readonly ttlSeconds: number;

  constructor(
    private readonly redis: Redis,
    accessTtlSeconds: number,
  ) {
    this.ttlSeconds = accessTtlSeconds + 60;
  }

  async revokeSessions(sessionIds: string[]): Promise<void> {
    if (sessionIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of sessionIds) pipeline.set(revocationKeys.session(id), '1', 'EX', this.ttlSeconds);
    await this.run(pipeline.exec());
  }

  async revokeUser(userId: string): Promise<void> {
    // Whole seconds, like `iat`: tokens of the same second are covered by their sessions' own records.
    const notBefore = Math.floor(Date.now() / 1000);
    await this.run(this.redis.set(revocationKeys.userNotBefore(userId), String(notBefore), 'EX', this.ttlSeconds));
  }

  private async run(command: Promise<unknown>): Promise<void> {
    try {
      const results = (await command) as Array<[Error | null, unknown]> | string | null;
      const failed = Array.isArray(results) ? results.find(([error]) => error) : undefined;
      if (failed) throw failed[0];
    } catch (error) {
      throw new UnavailableError(`cannot record the ended session: ${(error as Error).message}`);
    }
  }
}
