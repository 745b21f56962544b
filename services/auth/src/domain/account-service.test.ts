import { AlreadyExistsError, InvalidArgumentError, ResourceExhaustedError, UnauthenticatedError } from '@chrono/kit';
import { AccountService } from './account-service';
import type { LoginThrottle, PasswordHasher, RegistrationLimit, User, UserRepository } from './user';

class InMemoryUsers implements UserRepository {
  readonly byId = new Map<string, User>();
  async insert(user: User): Promise<void> {
    if ([...this.byId.values()].some((u) => u.email === user.email)) throw new AlreadyExistsError('email is taken');
    this.byId.set(user.id, user);
  }
  async findByEmail(email: string): Promise<User | undefined> {
    return [...this.byId.values()].find((u) => u.email === email);
  }
  async findById(id: string): Promise<User | undefined> {
    return this.byId.get(id);
  }
  async disable(id: string): Promise<void> {
    this.byId.get(id)!.isActive = false;
  }
}

// A reversible "hash" that records every comparison, so the tests see that an unknown email costs one too.
class RecordingHasher implements PasswordHasher {
  readonly compared: Array<string | undefined> = [];
  async hash(password: string): Promise<string> {
    return `hashed:${password}`;
  }
  async matches(password: string, hash: string | undefined): Promise<boolean> {
    this.compared.push(hash);
    return hash === `hashed:${password}`;
  }
}

// Counts attempts the way the Redis throttle does: before the password is checked, taken back on success.
class CountingThrottle implements LoginThrottle {
  readonly attempts: string[] = [];
  locked = new Set<string>();
  async admit(email: string, address: string): Promise<void> {
    if (this.locked.has(email) || this.locked.has(address)) throw new ResourceExhaustedError('too many failed logins');
    this.attempts.push(`${email}@${address}`);
  }
  async recordSuccess(email: string, address: string): Promise<void> {
    this.attempts.splice(this.attempts.lastIndexOf(`${email}@${address}`), 1);
  }
}

class CountingRegistrations implements RegistrationLimit {
  readonly addresses: string[] = [];
  full = false;
  async admit(address: string): Promise<void> {
    if (this.full) throw new ResourceExhaustedError('too many registrations');
    this.addresses.push(address);
  }
}

// AccountService's rules against in-memory parts: registration, sign-in without user enumeration, lockouts.
describe('AccountService', () => {
  let users: InMemoryUsers;
  let hasher: RecordingHasher;
  let throttle: CountingThrottle;
  let registrations: CountingRegistrations;
  let accounts: AccountService;
  beforeEach(() => {
    users = new InMemoryUsers();
    hasher = new RecordingHasher();
    throttle = new CountingThrottle();
    registrations = new CountingRegistrations();
    const sessions = {
      start: async (user: User) => ({ accessToken: `token-for-${user.id}`, refreshToken: 'refresh', expiresIn: 900 }),
    };
    accounts = new AccountService(users, hasher, sessions, throttle, registrations);
  });
  const register = () =>
    accounts.register({ email: ' Ada@Example.com ', password: 'long-enough', name: ' Ada ' }, '10.0.0.9');

  it('registers a normalised, active account with a hashed password, and signs it in', async () => {
    const { user, accessToken } = await register();
    expect(user).toMatchObject({
      email: 'ada@example.com',
      name: 'Ada',
      isActive: true,
      passwordHash: 'hashed:long-enough',
    });
    expect(accessToken).toBe(`token-for-${user.id}`);
    await expect(register()).rejects.toThrow(AlreadyExistsError);
    expect(registrations.addresses).toEqual(['10.0.0.9', '10.0.0.9']);
  });

  it('refuses a registration over the limit before hashing or storing anything', async () => {
    registrations.full = true;
    await expect(register()).rejects.toThrow(ResourceExhaustedError);
    expect(users.byId.size).toBe(0);
  });

  it('refuses bad registrations naming the field, and stores nothing', async () => {
    for (const [input, field] of [
      [{ email: 'not-an-email', password: 'long-enough', name: 'x' }, 'email'],
      [{ email: 'a@b.co', password: 'short', name: 'x' }, 'password'],
      [{ email: 'a@b.co', password: 'x'.repeat(73), name: 'x' }, 'password'],
      [{ email: 'a@b.co', password: 'long-enough', name: '  ' }, 'name'],
    ] as const) {
      const error = await accounts.register(input, '10.0.0.9').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ field });
    }
    expect(users.byId.size).toBe(0);
    expect(registrations.addresses).toEqual([]);
  });

  it('answers a wrong password, an unknown email and a disabled account alike, each checked and counted', async () => {
    const { user } = await register();
    const bad = new UnauthenticatedError('invalid email or password');
    await expect(accounts.login({ email: 'ada@example.com', password: 'wrong-password' }, '10.0.0.1')).rejects.toThrow(
      bad,
    );
    await expect(accounts.login({ email: 'nobody@example.com', password: 'long-enough' }, '10.0.0.1')).rejects.toThrow(
      bad,
    );
    users.byId.set(user.id, { ...user, isActive: false });
    await expect(accounts.login({ email: 'ada@example.com', password: 'long-enough' }, '10.0.0.1')).rejects.toThrow(
      bad,
    );
    expect(hasher.compared).toEqual(['hashed:long-enough', undefined, 'hashed:long-enough']);
    expect(throttle.attempts).toEqual([
      'ada@example.com@10.0.0.1',
      'nobody@example.com@10.0.0.1',
      'ada@example.com@10.0.0.1',
    ]);
  });

  it('signs in with the right password, taking its attempt back, and refuses a locked-out email before checking it', async () => {
    const { user } = await register();
    throttle.attempts.push('ada@example.com@10.0.0.1');
    const session = await accounts.login({ email: 'ADA@example.com', password: 'long-enough' }, '10.0.0.2');
    expect(session).toEqual({ user, accessToken: `token-for-${user.id}`, refreshToken: 'refresh', expiresIn: 900 });
    expect(throttle.attempts).toEqual(['ada@example.com@10.0.0.1']);
    throttle.locked.add('ada@example.com');
    await expect(accounts.login({ email: 'ada@example.com', password: 'long-enough' }, '10.0.0.2')).rejects.toThrow(
      ResourceExhaustedError,
    );
    expect(hasher.compared).toHaveLength(1);
  });

  it("knows a token's user only while the account exists and is active", async () => {
    const { user } = await register();
    expect(await accounts.currentUser(user.id)).toEqual(user);
    users.byId.set(user.id, { ...user, isActive: false });
    await expect(accounts.currentUser(user.id)).rejects.toThrow(UnauthenticatedError);
    await expect(accounts.currentUser('gone')).rejects.toThrow(UnauthenticatedError);
  });
});
