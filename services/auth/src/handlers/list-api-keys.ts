import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toApiKeyMessage } from './api-key-message';
import type { AuthHandlerDeps } from './handler-deps';

export function listApiKeys({
  apiKeys,
}: AuthHandlerDeps): UnaryHandler<auth.ListApiKeysRequest, auth.ListApiKeysResponse> {
  return async (_request, ctx) => ({ apiKeys: (await apiKeys.list(ctx.requireUserId())).map(toApiKeyMessage) });
}
