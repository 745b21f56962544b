import { auth } from '@chrono/contracts';
import type { Session } from './session';
import type { SignedIn, User } from './types';
import type { UnaryCaller } from './unary-caller';

/** Accounts and sign-in (AuthService). Register and login also make the client use the new token. */
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

  /** The public keys that verify access tokens (a JSON Web Key Set). */
  async jwks(): Promise<auth.Jwk[]> {
    return (await this.caller.call(this.client.getJwks.bind(this.client), {})).keys;
  }

  private signedIn({ user, accessToken }: auth.LoginResponse): SignedIn {
    this.session.use(accessToken);
    return { user: user!, accessToken };
  }
}
