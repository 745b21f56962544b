import { randomUUID } from 'node:crypto';
import { FailedPreconditionError, InvalidArgumentError, UnauthenticatedError } from '@chrono/kit';
import { hashRefreshToken, looksLikeRefreshToken, newRefreshToken } from './refresh-token';
import type { SessionRepository, SessionRevocations, SessionTokens, TokenIssuer } from './session';
import type { User, UserRepository } from './user';

export interface SessionServiceOptions {
  /** Lifetime of an access token, in seconds (JWT_EXPIRATION). */
  accessTtlSeconds: number;
  /** Lifetime of a refresh token from its issue, in seconds (REFRESH_TOKEN_EXPIRATION): a session idle longer ends. */
  refreshTtlSeconds: number;
}

const INVALID_REFRESH = 'refresh_token is invalid, expired or already used';

/**
 * Sessions: each sign-in starts one, with an access token naming it (`sid`) and a refresh token that
 * is rotated on every use. Ending a session (logout, reuse of a spent refresh token, logout-all,
 * account disabled) closes it in the database, so its refresh token stops working, and records it in
 * Redis, so that every service refuses its access tokens.
 */
export class SessionService {
  constructor(
    private readonly users: UserRepository,
    private readonly sessions: SessionRepository,
    private readonly revocations: SessionRevocations,
    private readonly tokens: TokenIssuer,
    private readonly options: SessionServiceOptions,
  ) {}

  /** Starts a session of `user` and returns its first tokens. */
  async start(user: User): Promise<SessionTokens> {
    const id = randomUUID();
    const refreshToken = newRefreshToken();
    await this.sessions.start({
      id,
      userId: user.id,
      tokenHash: hashRefreshToken(refreshToken),
      expiresAt: this.expiry(),
    });
    return this.tokensFor(user.id, id, refreshToken);
  }

  /** Trades a refresh token for new tokens; a spent one ends its whole session (it was copied). */
  async refresh(refreshToken: string | undefined): Promise<{ user: User } & SessionTokens> {
    if (!refreshToken) throw new InvalidArgumentError('refresh_token', 'refresh_token is required');
    if (!looksLikeRefreshToken(refreshToken)) throw new UnauthenticatedError(INVALID_REFRESH);
    const next = newRefreshToken();
    const rotation = await this.sessions.rotate(hashRefreshToken(refreshToken), {
      tokenHash: hashRefreshToken(next),
      expiresAt: this.expiry(),
    });
    if (rotation.kind === 'reused') await this.revocations.revokeSessions([rotation.sessionId]);
    if (rotation.kind !== 'rotated') throw new UnauthenticatedError(INVALID_REFRESH);
    const user = await this.users.findById(rotation.userId);
    if (!user || !user.isActive) {
      await this.endAll(rotation.userId);
      throw new UnauthenticatedError(INVALID_REFRESH);
    }
    return { user, ...this.tokensFor(user.id, rotation.sessionId, next) };
  }

  /** Ends the session `sessionId` of `userId` (the caller's current one). */
  async logout(userId: string, sessionId: string | undefined): Promise<void> {
    if (!sessionId) throw new FailedPreconditionError('this token names no session; use logout-all');
    await this.sessions.end(userId, sessionId);
    // Written even when the session was already closed: a retry after Redis failed must still land.
    await this.revocations.revokeSessions([sessionId]);
  }

  /** Ends every session of `userId`. */
  async logoutAll(userId: string): Promise<void> {
    await this.endAll(userId);
  }

  /** Disables the account of `userId` (it can no longer sign in) and ends its sessions. */
  async disableAccount(userId: string): Promise<void> {
    await this.users.disable(userId);
    await this.endAll(userId);
  }

  private async endAll(userId: string): Promise<void> {
    const ended = await this.sessions.endAll(userId);
    await this.revocations.revokeSessions(ended);
    await this.revocations.revokeUser(userId);
  }

  private tokensFor(userId: string, sessionId: string, refreshToken: string): SessionTokens {
    const accessToken = this.tokens.issue(userId, sessionId);
    return { accessToken, refreshToken, expiresIn: this.options.accessTtlSeconds };
  }

  private expiry(): Date {
    return new Date(Date.now() + this.options.refreshTtlSeconds * 1000);
  }
}
