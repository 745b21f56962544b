import { createHash, randomBytes } from 'node:crypto';

// 32 random bytes in base64url: 256 bits, so a plain sha256 is a safe way to store it (no salt or
// slow hash needed: there is nothing to guess from the hash).
const SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** A new opaque refresh token. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Whether `token` could be a refresh token at all: anything else is refused before any lookup. */
export function looksLikeRefreshToken(token: string): boolean {
  return SHAPE.test(token);
}

/** The stored form of a refresh token: sha256, hex. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
