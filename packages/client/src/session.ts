import { tokenExpiry } from './token-expiry';

// Renewing this long before the token expires keeps a call from arriving with a token that just ran out.
const EXPIRY_MARGIN_MS = 30_000;

/** An access token and, from auth's sessions, the refresh token that renews it. */
export interface SessionTokens {
  accessToken: string;
  refreshToken?: string;
}

/** How a session gets new tokens: by signing in with email and password, or by trading a refresh token. */
export interface Renewal {
  signIn(credentials: { email: string; password: string }): Promise<SessionTokens>;
  refresh(refreshToken: string): Promise<SessionTokens>;
}

/**
 * The access token calls carry: the one given, or one from signing in with the credentials, renewed
 * before it expires and whenever a service refuses it: with the refresh token when there is one
 * (each is used once: auth rotates it), else, or when the refresh is refused, by signing in again.
 */
export class Session {
  private current?: Promise<SessionTokens>;

  constructor(
    private readonly renewal: Renewal,
    private token: string | undefined,
    private readonly credentials: { email: string; password: string } | undefined,
    private refreshToken?: string,
    private readonly onTokens?: (tokens: SessionTokens) => void,
  ) {}

  /** The token to send, renewing it first when needed; undefined when the client has no token and no way to get one. */
  async accessToken(): Promise<string | undefined> {
    if (this.token && !this.expiresSoon(this.token)) return this.token;
    if (!this.canRenew()) return this.token;
    return this.renew();
  }

  /** Whether a refused call is worth repeating: true when the session could get a new token. */
  canRenew(): boolean {
    return this.credentials !== undefined || this.refreshToken !== undefined;
  }

  /** Gets a new access token (one renewal however many calls ask at once). */
  async renew(): Promise<string> {
    this.current ??= this.newTokens().finally(() => (this.current = undefined));
    const tokens = await this.current;
    this.use(tokens);
    this.onTokens?.(tokens);
    return this.token!;
  }

  /** Remembers the tokens of register, login or refresh. */
  use(tokens: SessionTokens): void {
    this.token = tokens.accessToken;
    this.refreshToken = tokens.refreshToken || undefined;
  }

  /** Forgets the tokens (after logout): calls go unauthenticated, or sign in again with the credentials. */
  forget(): void {
    this.token = undefined;
    this.refreshToken = undefined;
  }

  private async newTokens(): Promise<SessionTokens> {
    const refreshToken = this.refreshToken;
    if (refreshToken) {
      // Spent either way: a second try with it would end the session as a reuse.
      this.refreshToken = undefined;
      try {
        return await this.renewal.refresh(refreshToken);
      } catch (error) {
        if (!this.credentials) throw error;
      }
    }
    if (!this.credentials) throw new Error('no refresh token or credentials to renew the session with');
    return this.renewal.signIn(this.credentials);
  }

  private expiresSoon(token: string): boolean {
    const expiry = tokenExpiry(token);
    return expiry !== undefined && expiry.getTime() - Date.now() < EXPIRY_MARGIN_MS;
  }
}
