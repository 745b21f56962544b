import { tokenExpiry } from './token-expiry';

// Signing in again this long before the token expires keeps a call from arriving with a token that just ran out.
const EXPIRY_MARGIN_MS = 30_000;

/** Signs in with email and password; resolves to a fresh access token. */
export type SignIn = (credentials: { email: string; password: string }) => Promise<string>;

/**
 * The access token calls carry: the one given, or one from signing in with the credentials, renewed
 * before it expires and whenever a service refuses it.
 */
export class Session {
  private current?: Promise<string>;

  constructor(
    private readonly signIn: SignIn,
    private token: string | undefined,
    private readonly credentials: { email: string; password: string } | undefined,
  ) {}

  /** The token to send, signing in first when needed; undefined when the client has neither token nor credentials. */
  async accessToken(): Promise<string | undefined> {
    if (this.token && !this.expiresSoon(this.token)) return this.token;
    if (!this.credentials) return this.token;
    return this.renew();
  }

  /** Whether a refused call is worth repeating: true when the session could sign in again. */
  canRenew(): boolean {
    return this.credentials !== undefined;
  }

  /** Signs in again (one sign-in however many calls ask at once). */
  async renew(): Promise<string> {
    if (!this.credentials) throw new Error('no credentials to sign in with');
    const credentials = this.credentials;
    this.current ??= this.signIn(credentials).finally(() => (this.current = undefined));
    this.token = await this.current;
    return this.token;
  }

  /** Remembers a token from register or login. */
  use(token: string): void {
    this.token = token;
  }

  private expiresSoon(token: string): boolean {
    const expiry = tokenExpiry(token);
    return expiry !== undefined && expiry.getTime() - Date.now() < EXPIRY_MARGIN_MS;
  }
}
