import { auth } from '@chrono/contracts';
import type { Session } from './session';
import type { SignedIn, User } from './types';
import type { UnaryCaller } from './unary-caller';

/** Accounts, sign-in and sessions (AuthService). Register and login also make the client use the new tokens. */
export class AuthApi {
  constructor(
    private readonly client: auth.AuthServiceClient,
    private readonly caller: UnaryCaller,
    private readonly session: Session,
  ) {}

  /** Creates an account and signs it in. ALREADY_EXISTS when the email is taken. */
  async register(input: { email: string; password: string; name: string }): Promise<SignedIn> {
    return this.signedIn(await this.caller.call(this.client.register.bind(this.client), input));
  }

  /** Signs in; UNAUTHENTICATED for a wrong email or password. */
  async login(input: { email: string; password: string }): Promise<SignedIn> {
    return this.signedIn(await this.caller.call(this.client.login.bind(this.client), input));
  }

  /** The user the client's token belongs to. */
  async me(): Promise<User> {
    const { user } = await this.caller.call(this.client.getMe.bind(this.client), {}, { authenticated: true });
    return user!;
  }

  /** Ends the session of the client's token; the client forgets its tokens. */
  async logout(): Promise<void> {
    await this.caller.call(this.client.logout.bind(this.client), {}, { authenticated: true });
    this.session.forget();
  }

  /** Ends every session of the user, on every device; the client forgets its tokens. */
  async logoutAll(): Promise<void> {
    await this.caller.call(this.client.logoutAll.bind(this.client), {}, { authenticated: true });
    this.session.forget();
  }

  /** Cancels the user's jobs, then disables the account (it can no longer sign in), ends its sessions and revokes its API keys. */
  async deleteMe(): Promise<void> {
    await this.caller.call(this.client.deleteMe.bind(this.client), {}, { authenticated: true });
    this.session.forget();
  }

  /** Makes an API key for a service to act as this user; the answer is the only place the key appears. */
  async createApiKey(name: string): Promise<auth.CreateApiKeyResponse> {
    return this.caller.call(this.client.createApiKey.bind(this.client), { name }, { authenticated: true });
  }

  /** The user's API keys, newest first, without the keys themselves. */
  async listApiKeys(): Promise<auth.ApiKey[]> {
    return (await this.caller.call(this.client.listApiKeys.bind(this.client), {}, { authenticated: true })).apiKeys;
  }

  /** Revokes one of the user's API keys: every service refuses it within a second. */
  async deleteApiKey(id: string): Promise<void> {
    await this.caller.call(this.client.deleteApiKey.bind(this.client), { id }, { authenticated: true });
  }

  /** The public keys that verify access tokens (a JSON Web Key Set). */
  async jwks(): Promise<auth.Jwk[]> {
    return (await this.caller.call(this.client.getJwks.bind(this.client), {})).keys;
  }

  private signedIn({ user, accessToken, refreshToken, expiresIn }: auth.LoginResponse): SignedIn {
    this.session.use({ accessToken, refreshToken });
    return { user: user!, accessToken, refreshToken, expiresIn };
  }
}
