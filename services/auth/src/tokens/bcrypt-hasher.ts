import bcrypt from 'bcrypt';
import type { PasswordHasher } from '../domain/user';

/** bcrypt with a configurable cost (10 rounds by default). */
export class BcryptHasher implements PasswordHasher {
  // Compared against when the email is unknown, so that path costs one bcrypt too.
  private readonly dummyHash: string;

  constructor(private readonly rounds: number) {
    this.dummyHash = bcrypt.hashSync('not-a-real-password', rounds);
  }

  hash(password: string): Promise<string> {
    return bcrypt.hash(password, this.rounds);
  }

  async matches(password: string, hash: string | undefined): Promise<boolean> {
    const matches = await bcrypt.compare(password, hash ?? this.dummyHash);
    return matches && hash !== undefined;
  }
}
