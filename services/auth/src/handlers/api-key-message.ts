import type { auth } from '@chrono/contracts';
import type { ApiKey } from '../domain/api-key';

/** A key as ListApiKeys shows it: never the key itself. */
export function toApiKeyMessage(key: ApiKey): auth.ApiKey {
  return { id: key.id, name: key.name, createdAt: key.createdAt, lastUsedAt: key.lastUsedAt };
}
