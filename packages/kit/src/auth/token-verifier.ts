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
  /**
   * How old the fetched keys may grow before they are fetched again, in ms (default 5 min): how long a
   * retired key is still accepted here. The refetch runs beside the calls; they keep the keys they have.
   */
  maxKeyAgeMs?: number;
  /** Tokens remembered as verified until they expire, so a client's next calls skip the signature check (default 10000). */
  cacheSize?: number;
  /** Refuses tokens of ended sessions (every service passes the Redis one); none: signature and expiry only. */
  revocations?: RevocationCheck;
}

const BEARER = /^Bearer ([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*)$/;

/**
 * Verifies `authorization: Bearer <jwt>` metadata against auth's public keys: pins the algorithm,
 * checks signature, `iss`, `aud` and `exp`, and resolves to the user id (`sub`). Keys are cached by
 * `kid`; an unknown `kid` triggers one refetch (rate-limited, one at a time), which is how a new
 * signing key is picked up, and keys are refetched when older than `maxKeyAgeMs`, which is how a
 * retired one stops being accepted, even by tokens verified before.
 */
export class TokenVerifier implements Authenticator {
  private keys = new Map<string, KeyObject>();
  private lastFetch = 0;
  private lastAttempt = 0;
  private fetching?: Promise<void>;
  private readonly algorithm: 'ES256' | 'RS256';
  // Verified tokens: subject and expiry (epoch ms). Keyed by the whole token, signature included.
  private readonly verified = new Map<string, VerifiedToken>();

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
    this.refreshIfOld();
    let claims = this.verified.get(token);
    // A token verified with a key since retired is verified again, and refused.
    if (!claims || claims.expiresAt <= Date.now() || !this.keys.has(claims.kid)) {
      const { payload, kid } = await this.verifySignature(token);
      claims = { sub: payload.sub as string, sid: stringClaim(payload.sid), iat: payload.iat, kid, expiresAt: 0 };
      this.remember(token, claims, payload.exp);
    }
    // Every call, cached or not: a session may have ended since the token was last seen.
    await this.options.revocations?.check(claims);
    return claims.sub;
  }

  private remember(token: string, claims: VerifiedToken, exp: number | undefined): void {
    if (typeof exp !== 'number') return;
    // A Map keeps insertion order: dropping the first entry drops the oldest.
    if (this.verified.size >= (this.options.cacheSize ?? 10_000))
      this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(token, { ...claims, expiresAt: exp * 1000 });
  }

  private async verifySignature(token: string): Promise<{ payload: jwt.JwtPayload; kid: string }> {
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
      return { payload, kid };
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

  private refreshIfOld(): void {
    const now = Date.now();
    if (this.lastFetch === 0 || now - this.lastFetch < (this.options.maxKeyAgeMs ?? 300_000)) return;
    // While auth cannot be reached the keys held are kept, and asked for again at the unknown-kid pace.
    if (now - this.lastAttempt < (this.options.minRefreshIntervalMs ?? 10_000)) return;
    this.refresh().catch(() => undefined);
  }

  // Concurrent callers share one fetch, whatever made them ask.
  private async refresh(): Promise<void> {
    this.fetching ??= (async () => {
      this.lastAttempt = Date.now();
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

/** A token whose signature was checked: its claims, its key and its expiry (epoch ms). */
interface VerifiedToken extends SessionClaims {
  kid: string;
  expiresAt: number;
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
