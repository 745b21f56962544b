/**
 * What an API key looks like: a fixed prefix, so that leak scanners (and the verifiers) recognise one,
 * then 32 random bytes in base64url.
 */
export const API_KEY_PREFIX = 'chrono_ak_';

const SHAPE = /^chrono_ak_[A-Za-z0-9_-]{43}$/;

/** Whether a bearer credential is meant as an API key (it has the prefix), well formed or not. */
export function isApiKey(credential: string): boolean {
  return credential.startsWith(API_KEY_PREFIX);
}

/** Whether `key` has the exact shape of an API key: anything else is refused before any lookup. */
export function looksLikeApiKey(key: string): boolean {
  return SHAPE.test(key);
}
