import { randomUUID } from 'node:crypto';
import { UnauthenticatedError } from '@chrono/kit';
import { validateLogin, validateRegistration, type Registration } from './credentials';
import type { SessionTokens } from './session';
import type { LoginThrottle, PasswordHasher, RegistrationLimit, User, UserRepository } from './user';

/** A signed-in user: the account and the tokens of its new session. */
export type Session = { user: User } & SessionTokens;

/** Starts sessions (SessionService). */
export interface SessionStarter {
  start(user: User): Promise<SessionTokens>;
}

// One message for a wrong password, an unknown email and a disabled account: no user enumeration.
const BAD_CREDENTIALS = 'invalid email or password';

/** Registration, sign-in and lookup of accounts. */
export class AccountService {
  constructor(
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionStarter,
    private readonly throttle: LoginThrottle,
    private readonly registrations: RegistrationLimit,
  ) {}

  /** Creates an account; `address` is the client's, for the registration limits. */
  async register(input: Registration, address: string): Promise<Session> {
    const { email, password, name } = validateRegistration(input);
    // Counted after validation (a typo costs nothing) and before the hash and the insert, which an
    // attacker creating accounts or probing for taken emails would otherwise get for free.
    await this.registrations.admit(address);
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
    return { user, ...(await this.sessions.start(user)) };
  }

  /** Checks the credentials; `address` is the client's, for the login throttle. */
  async login(input: { email: string; password: string }, address: string): Promise<Session> {
    const { email, password } = validateLogin(input);
    // Counted before bcrypt runs: every attempt is a failure until the password proves otherwise.
    await this.throttle.admit(email, address);
    const user = await this.users.findByEmail(email);
    // Always run bcrypt, even for an unknown email, so that both answers take the same time.
    const matches = await this.hasher.matches(password, user?.passwordHash);
    if (!user || !matches || !user.isActive) throw new UnauthenticatedError(BAD_CREDENTIALS);
    await this.throttle.recordSuccess(email, address);
    return { user, ...(await this.sessions.start(user)) };
  }

  /** The user a verified token names; UNAUTHENTICATED when the account is gone or disabled. */
  async currentUser(userId: string): Promise<User> {
    const user = await this.users.findById(userId);
    if (!user || !user.isActive) throw new UnauthenticatedError('the account of this token no longer exists');
    return user;
  }
}
