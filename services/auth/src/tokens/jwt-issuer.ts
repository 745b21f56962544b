import { randomUUID } from 'node:crypto';
import jwt from 'jsonwebtoken';
import type { TokenIssuer } from '../domain/session';
import { ALGORITHM, type SigningKey } from './signing-key';

export interface JwtIssuerOptions {
  issuer: string;
  audience: string;
  /** Token lifetime in seconds. */
  ttlSeconds: number;
}

/** Signs access tokens with the current key: `kid`, `iss`, `aud`, `sub`, `sid` (the session), `iat`, `exp` and `jti`. */
export class JwtIssuer implements TokenIssuer {
  constructor(
    private readonly key: SigningKey,
    private readonly options: JwtIssuerOptions,
  ) {}

  issue(userId: string, sessionId: string): string {
    return jwt.sign({ sid: sessionId }, this.key.privateKey, {
      algorithm: ALGORITHM,
      keyid: this.key.kid,
      issuer: this.options.issuer,
      audience: this.options.audience,
      subject: userId,
      expiresIn: this.options.ttlSeconds,
      jwtid: randomUUID(),
    });
  }
}
