import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import jwt from 'jsonwebtoken';
import { UnauthenticatedError } from '../errors/domain-errors';
import type { Authenticator } from '../grpc/grpc-server';
import type { RevocationCheck, SessionClaims } from './revocation-list';

/** A public key as served in a JWKS (the members a verifier needs). */
export interface PublicJwk {
  kty: string;
  kid: string;
  alg: string;
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export interface TokenVerifierOptions {
  /** Fetches the current JWKS (from auth over gRPC, or locally inside auth). */
  fetchKeys: () => Promise<PublicJwk[]>;
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must carry. */
  audience: string;
  /** The one signing algorithm accepted (default ES256); anything else, `none` and HS256 included, is refused. */
  algorithm?: 'ES256' | 'RS256';
  /** Least time between two JWKS fetches caused by unknown key ids, in ms (default 10 s). */
  minRefreshIntervalMs?: number;
  /** Tokens remembered as verified until they expire, so a client's next calls skip the signature check (default 10000). */
  cacheSize?: number;
  /** Refuses tokens of ended sessions (every service passes the Redis one); none: signature and expiry only. */
  revocations?: RevocationCheck;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * Verifies `authorization: Bearer <jwt>` metadata against auth's public keys: pins the algorithm,
 * checks signature, `iss`, `aud` and `exp`, and resolves to the user id (`sub`). Keys are cached by
 * `kid`; an unknown `kid` triggers one refetch (rate-limited), which is how key rotation is picked up.
 */
export class TokenVerifier implements Authenticator {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private fetching?: Promise<void>;
  private readonly algorithm: 'ES256' | 'RS256';
  // Verified tokens: subject and expiry (epoch ms). Keyed by the whole token, signature included.
  private readonly verified = new Map<string, SessionClaims & { expiresAt: number }>();

  constructor(private readonly options: TokenVerifierOptions) {
    this.algorithm = options.algorithm ?? 'ES256';
  }

  async authenticate(metadata: Metadata): Promise<string> {
    const header = metadata.get('authorization')[0];
    if (typeof header !== 'string' || header.length === 0)
      throw new UnauthenticatedError('missing bearer token in the authorization header');
    const match = BEARER.exec(header.trim());
    if (!match) throw new UnauthenticatedError('the authorization header must be "Bearer <token>"');
    return this.verify(match[1]);
  }

  /** Verifies a raw JWT and resolves to its subject. */
  async verify(token: string): Promise<string> {
    let claims = this.verified.get(token);
    if (!claims || claims.expiresAt <= Date.now()) {
      const payload = await this.verifySignature(token);
      claims = { sub: payload.sub as string, sid: stringClaim(payload.sid), iat: payload.iat, expiresAt: 0 };
      this.remember(token, claims, payload.exp);
    }
    // Every call, cached or not: a session may have ended since the token was last seen.
    await this.options.revocations?.check(claims);
    return claims.sub;
  }

  private remember(token: string, claims: SessionClaims & { expiresAt: number }, exp: number | undefined): void {
    if (typeof exp !== 'number') return;
    // A Map keeps insertion order: dropping the first entry drops the oldest.
    if (this.verified.size >= (this.options.cacheSize ?? 10_000))
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { ...claims, expiresAt: exp * 1000 });
  }

  private async verifySignature(token: string): Promise<jwt.JwtPayload> {
    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') throw new UnauthenticatedError('invalid token');
    if (decoded.header.alg !== this.algorithm) throw new UnauthenticatedError('invalid token');
    const kid = decoded.header.kid;
    if (!kid) throw new UnauthenticatedError('invalid token');
    const key = await this.keyFor(kid);
    if (!key) throw new UnauthenticatedError('invalid token');
    try {
      const payload = jwt.verify(token, key, {
        algorithms: [this.algorithm],
        issuer: this.options.issuer,
        audience: this.options.audience,
      }) as jwt.JwtPayload;
      if (typeof payload.sub !== 'string' || payload.sub.length === 0) throw new UnauthenticatedError('invalid token');
      return payload;
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof jwt.TokenExpiredError) throw new UnauthenticatedError('token expired');
      throw new UnauthenticatedError('invalid token');
    }
  }

  private async keyFor(kid: string): Promise<KeyObject | undefined> {
    const cached = this.keys.get(kid);
    if (cached) return cached;
    const minInterval = this.options.minRefreshIntervalMs ?? 10_000;
    if (this.lastFetch === 0 || Date.now() - this.lastFetch >= minInterval) await this.refresh();
    return this.keys.get(kid);
  }

  // Concurrent callers with the same unknown kid share one fetch.
  private async refresh(): Promise<void> {
    this.fetching ??= (async () => {
      try {
        const jwks = await this.options.fetchKeys();
        const keys = new Map<string, KeyObject>();
        for (const jwk of jwks) {
          if (jwk.alg !== this.algorithm) continue;
          keys.set(jwk.kid, createPublicKey({ key: { ...jwk } as never, format: 'jwk' }));
        }
        this.keys = keys;
        this.lastFetch = Date.now();
      } finally {
        this.fetching = undefined;
      }
    })();
    return this.fetching;
  }
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
