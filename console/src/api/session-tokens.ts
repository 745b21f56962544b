import type { SignedIn, User } from './types';

// The tokens live in sessionStorage only: gone when the tab closes, never in localStorage or a cookie.
const KEY = 'chrono.session';
// Renew this long before the access token expires (a fifth of its life when that is shorter), so that
// no request goes out with a token about to lapse.
const RENEW_AHEAD_MS = 60_000;
// After a renewal that failed for another reason than the session (network, 5xx), try again this soon.
const RETRY_MS = 5000;

/** A signed-in session as kept in sessionStorage. */
export interface StoredSession {
  user: User;
  accessToken: string;
  refreshToken: string;
  /** When the access token expires, in ms since the epoch by this browser's clock. */
  expiresAt: number;
  /** How long access tokens live, in ms (the server's expires_in). */
  lifetimeMs: number;
}

/** Where the API client gets its bearer token, and a new one after a 401. */
export interface TokenSource {
  /** The access token to send now, if signed in. */
  current(): string | undefined;
  /** Whether a token newer than `rejected` is there to retry with (renewing it at most once at a time). */
  renew(rejected: string): Promise<boolean>;
  /** Forgets the session: the server has refused it. */
  end(): void;
}

/** What is used of sessionStorage. */
export interface SessionStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Posts a refresh token to POST /auth/refresh; resolves to the HTTP status and the answer. */
export type RefreshCall = (refreshToken: string) => Promise<{ status: number; body?: SignedIn }>;

const postRefresh: RefreshCall = async (refreshToken) => {
  const response = await fetch('/auth/refresh', {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/json' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });
  return { status: response.status, body: response.ok ? ((await response.json()) as SignedIn) : undefined };
};

/**
 * The session's tokens: kept in sessionStorage, the access token renewed shortly before it expires and
 * after a 401. One renewal at a time: a refresh token works once, and presenting a spent one ends the
 * whole session (the server takes it for a stolen copy), so requests refused together share one renewal.
 */
export class SessionTokens implements TokenSource {
  private session: StoredSession | undefined;
  private renewing: Promise<boolean> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onChange: (session: StoredSession | undefined) => void,
    private readonly storage: SessionStore,
    private readonly refresh: RefreshCall = postRefresh,
  ) {
    this.session = this.load();
  }

  get user(): User | undefined {
    return this.session?.user;
  }

  current(): string | undefined {
    return this.session?.accessToken;
  }

  /** Keeps the tokens of a Register, Login or Refresh answer. */
  signIn(answer: SignedIn): void {
    const lifetimeMs = answer.expires_in * 1000;
    this.save({
      user: answer.user,
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: Date.now() + lifetimeMs,
      lifetimeMs,
    });
  }

  renew(rejected: string): Promise<boolean> {
    if (!this.session) return Promise.resolve(false);
    // Renewed already since that request went out: retry with the new token.
    if (this.session.accessToken !== rejected) return Promise.resolve(true);
    this.renewing ??= this.trade(this.session.refreshToken).finally(() => (this.renewing = undefined));
    return this.renewing;
  }

  end(): void {
    this.save(undefined);
  }

  /** Starts renewing ahead of expiry (at once when the stored token has expired, as after a night's sleep). */
  start(): void {
    this.schedule();
  }

  /** Stops the renewal timer (the page is going away). */
  stop(): void {
    clearTimeout(this.timer);
  }

  private async trade(refreshToken: string): Promise<boolean> {
    let answer: Awaited<ReturnType<RefreshCall>>;
    try {
      answer = await this.refresh(refreshToken);
    } catch {
      this.schedule(RETRY_MS); // the network, not the session
      return false;
    }
    if (answer.body) {
      this.signIn(answer.body);
      return true;
    }
    // 400 or 401: spent, expired or revoked; the session is over. Anything else may pass.
    if (answer.status === 400 || answer.status === 401) this.end();
    else this.schedule(RETRY_MS);
    return false;
  }

  private save(session: StoredSession | undefined): void {
    this.session = session;
    if (session) this.storage.setItem(KEY, JSON.stringify(session));
    else this.storage.removeItem(KEY);
    this.schedule();
    this.onChange(session);
  }

  private schedule(afterMs?: number): void {
    clearTimeout(this.timer);
    const session = this.session;
    if (!session) return;
    const ahead = Math.min(RENEW_AHEAD_MS, session.lifetimeMs / 5);
    const delay = afterMs ?? Math.max(0, session.expiresAt - ahead - Date.now());
    this.timer = setTimeout(() => void this.renew(session.accessToken), delay);
  }

  private load(): StoredSession | undefined {
    try {
      const raw = this.storage.getItem(KEY);
      const stored = raw ? (JSON.parse(raw) as Partial<StoredSession>) : undefined;
      // A session kept by an older console (no refresh token) cannot be renewed: sign in again.
      return stored?.refreshToken ? (stored as StoredSession) : undefined;
    } catch {
      return undefined;
    }
  }
}
