import { randomUUID } from 'node:crypto';
import {
  FailedPreconditionError,
  InvalidArgumentError,
  isUuid,
  looksLikeApiKey,
  NotFoundError,
  UnauthenticatedError,
} from '@chrono/kit';
import { hashApiKey, newApiKey, type ApiKey, type ApiKeyRepository } from './api-key';

export interface ApiKeyServiceOptions {
  /** Most keys one user may hold (API_KEYS_PER_USER). */
  maxKeysPerUser: number;
  /** Least time between two writes of a key's last use, in ms (default 60000). */
  lastUseResolutionMs?: number;
}

const MAX_NAME_LENGTH = 100;
const INVALID_KEY = 'invalid API key';

/** API keys: made, listed and revoked by their owner; verified for every service. */
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly options: ApiKeyServiceOptions,
  ) {}

  /** Makes a key for `userId`; the answer is the only place the key itself ever appears. */
  async create(userId: string, name: string | undefined): Promise<ApiKey & { key: string }> {
    const checkedName = checkName(name);
    const key = newApiKey();
    const apiKey: ApiKey = { id: randomUUID(), userId, name: checkedName, createdAt: new Date() };
    const max = this.options.maxKeysPerUser;
    if (!(await this.keys.insertWithin({ ...apiKey, keyHash: hashApiKey(key) }, max)))
      throw new FailedPreconditionError(
        `a user may have at most ${max} API keys (API_KEYS_PER_USER); delete one before making another`,
      );
    return { ...apiKey, key };
  }

  async list(userId: string): Promise<ApiKey[]> {
    return this.keys.list(userId);
  }

  /** Revokes one key of `userId`; another user's key and an unknown one are both "not found". */
  async delete(userId: string, id: string | undefined): Promise<void> {
    if (!id) throw new InvalidArgumentError('id', 'id is required');
    if (!isUuid(id)) throw new InvalidArgumentError('id', 'id must be a UUID');
    if (!(await this.keys.delete(userId, id))) throw new NotFoundError('API key not found');
  }

  /** Revokes every key of `userId` (its account is being deleted). */
  async deleteAll(userId: string): Promise<void> {
    await this.keys.deleteAll(userId);
  }

  /** The user `key` acts for; UnauthenticatedError when it is unknown, revoked or its account disabled. */
  async verify(key: string | undefined): Promise<string> {
    if (!key || !looksLikeApiKey(key)) throw new UnauthenticatedError(INVALID_KEY);
    const found = await this.keys.findActive(hashApiKey(key));
    if (!found) throw new UnauthenticatedError(INVALID_KEY);
    // Written at most once a minute per key: one UPDATE, not one per call.
    const resolutionMs = this.options.lastUseResolutionMs ?? 60_000;
    if (!found.lastUsedAt || Date.now() - found.lastUsedAt.getTime() >= resolutionMs)
      await this.keys.touch(found.id, resolutionMs);
    return found.userId;
  }
}

function checkName(name: string | undefined): string {
  const trimmed = (name ?? '').trim();
  if (!trimmed) throw new InvalidArgumentError('name', 'name is required');
  if ([...trimmed].length > MAX_NAME_LENGTH)
    throw new InvalidArgumentError('name', `name must be at most ${MAX_NAME_LENGTH} characters`);
  return trimmed;
}
