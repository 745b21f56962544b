/** A user account as the domain sees it. */
export interface User {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Persistence of users; implemented over PostgreSQL in store/. */
export interface UserRepository {
  /** Stores a new user; throws AlreadyExistsError when the email is taken. */
  insert(user: User): Promise<void>;
  findByEmail(email: string): Promise<User | undefined>;
  findById(id: string): Promise<User | undefined>;
  /** Marks the account inactive: it can no longer sign in. */
  disable(id: string): Promise<void>;
}

/**
 * Counts login attempts; implemented over Redis so that the limits hold across replicas. An attempt is
 * counted before its password is checked, so that attempts sent at once cannot all slip under a limit.
 */
export interface LoginThrottle {
  /** Counts an attempt of `email` from `address`; throws ResourceExhaustedError when it is over a limit. */
  admit(email: string, address: string): Promise<void>;
  /** The password was right: the attempt was no failure, and the pair's failures are forgiven. */
  recordSuccess(email: string, address: string): Promise<void>;
}

/** Counts registrations per client address and in all, over Redis. */
export interface RegistrationLimit {
  /** Counts a registration from `address`; throws ResourceExhaustedError when it is over a limit. */
  admit(address: string): Promise<void>;
}

/** Hashes and checks passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Compares against `hash`, or against a dummy hash when there is none, so both cases cost the same. */
  matches(password: string, hash: string | undefined): Promise<boolean>;
}
