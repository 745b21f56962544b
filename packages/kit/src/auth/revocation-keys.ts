/**
 * Where auth records ended sessions in Redis and every verifier looks for them. Both sides build the
 * keys here so that they cannot drift apart; the Redis client's REDIS_KEY_PREFIX is added to both.
 */
export const revocationKeys = {
  /** Present (value "1") while access tokens of session `sessionId` may still be alive. */
  session: (sessionId: string): string => `auth:revoked:session:${sessionId}`,
  /** Epoch seconds: access tokens of `userId` issued (`iat`) before it are refused. */
  userNotBefore: (userId: string): string => `auth:revoked:user:${userId}`,
};
