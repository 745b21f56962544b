import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '@chrono/kit';
import { validateLogin, validateRegistration, type Registration } from './credentials';
import type { LoginThrottle, PasswordHasher, TokenIssuer, User, UserRepository } from './user';

/** A signed-in user: the account and a token for it. */
export interface Session {
  user: User;
  accessToken: string;
}

// One message for a wrong password, an unknown email and a disabled account: no user enumeration.
const BAD_CREDENTIALS = 'invalid email or password';

/** Registration, sign-in and lookup of accounts. */
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenIssuer,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(input: Registration): Promise<Session> {
    const { email, password, name } = validateRegistration(input);
    const now = new Date();
    const user: User = {
      id: randomUUID(),
      email,
      name,
      passwordHash: await this.hasher.hash(password),
      isActive: true,
      createdAt: now,
      updatedAt: now,
    };
    await this.users.insert(user);
    return { user, accessToken: this.tokens.issue(user.id) };
  }

  /** Checks the credentials; `address` is the client's, for the per-address throttle. */
  async login(input: { email: string; password: string }, address: string): Promise<Session> {
    const { email, password } = validateLogin(input);
    await this.throttle.assertAllowed(email, address);
    const user = await this.users.findByEmail(email);
    // Always run bcrypt, even for an unknown email, so that both answers take the same time.
    const matches = await this.hasher.matches(password, user?.passwordHash);
    if (!user || !matches || !user.isActive) {
      await this.throttle.recordFailure(email, address);
      throw new UnauthenticatedError(BAD_CREDENTIALS);
    }
    await this.throttle.recordSuccess(email);
    return { user, accessToken: this.tokens.issue(user.id) };
  }

  /** The user a verified token names; UNAUTHENTICATED when the account is gone or disabled. */
  async currentUser(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new UnauthenticatedError('the account of this token no longer exists');
    return user;
  }
}
