/** What a signed-in client holds: a short-lived access token and the refresh token that renews it. */
export interface SessionTokens {
  accessToken: string;
  /** Opaque, single-use: Refresh trades it for a new pair. */
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** What trading a refresh token found; only `rotated` gives new tokens. */
export type Rotation =
  | { kind: 'rotated'; sessionId: string; userId: string }
  /** The token was already spent: its whole session has just been ended. */
  | { kind: 'reused'; sessionId: string; userId: string }
  /** Unknown, expired, or of a session that has ended. */
  | { kind: 'invalid' };

/** Sessions and their refresh tokens (stored as hashes only) in PostgreSQL. */
export interface SessionRepository {
  /** Creates a session of `userId` whose first refresh token hashes to `tokenHash`. */
  start(session: { id: string; userId: string; tokenHash: string; expiresAt: Date }): Promise<void>;
  /** Spends the token hashing to `oldHash` and stores its successor, atomically; ends the session on reuse. */
  rotate(oldHash: string, next: { tokenHash: string; expiresAt: Date }): Promise<Rotation>;
  /** Ends one session of `userId`; resolves to whether it was still open. */
  end(userId: string, sessionId: string): Promise<boolean>;
  /** Ends every open session of `userId`; resolves to their ids. */
  endAll(userId: string): Promise<string[]>;
}

/** Tells every service that sessions have ended (Redis, read by the kit's token verifier). */
export interface SessionRevocations {
  /** Access tokens of these sessions are refused from now on. */
  revokeSessions(sessionIds: string[]): Promise<void>;
  /** Access tokens of `userId` issued before now are refused. */
  revokeUser(userId: string): Promise<void>;
}

/** Signs access tokens for a session. */
export interface TokenIssuer {
  issue(userId: string, sessionId: string): string;
}
