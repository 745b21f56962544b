import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX } from '@chrono/kit';

/** An API key as its owner sees it in a list: never the key, which is stored only as a hash. */
export interface ApiKey {
  id: string;
  userId: string;
  name: string;
  createdAt: Date;
  lastUsedAt?: Date;
}

/** A stored key found by its hash, with what verification needs. */
export interface FoundApiKey {
  id: string;
  userId: string;
  lastUsedAt?: Date;
}

/** API keys in PostgreSQL (auth.api_keys), kept as SHA-256 hashes. */
export interface ApiKeyRepository {
  /** Stores `key` unless its user already has `max` keys; resolves to whether it was stored. */
  insertWithin(key: ApiKey & { keyHash: string }, max: number): Promise<boolean>;
  /** The user's keys, newest first. */
  list(userId: string): Promise<ApiKey[]>;
  /** Deletes one key of `userId`; resolves to whether it existed. */
  delete(userId: string, id: string): Promise<boolean>;
  /** Deletes every key of `userId`. */
  deleteAll(userId: string): Promise<void>;
  /** The key hashing to `keyHash`, if it exists and its account is active. */
  findActive(keyHash: string): Promise<FoundApiKey | undefined>;
  /** Sets last_used_at to now unless another call did within `withinMs`. */
  touch(id: string, withinMs: number): Promise<void>;
}

/** A new API key: the prefix and 32 random bytes (256 bits) in base64url. */
export function newApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form of an API key: sha256, hex. A slow hash would add nothing to 256 random bits. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
