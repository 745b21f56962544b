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
}

/** Counts failed logins; implemented over Redis so that the limit holds across replicas. */
export interface LoginThrottle {
  /** Throws ResourceExhaustedError while the email or address is locked out. */
  assertAllowed(email: string, address: string): Promise<void>;
  recordFailure(email: string, address: string): Promise<void>;
  recordSuccess(email: string): Promise<void>;
}

/** Signs access tokens. */
export interface TokenIssuer {
  issue(userId: string): string;
}

/** Hashes and checks passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** Compares against `hash`, or against a dummy hash when there is none, so both cases cost the same. */
  matches(password: string, hash: string | undefined): Promise<boolean>;
}
