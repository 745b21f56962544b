import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { requireSignedIn } from './bearer-credential';
import type { AuthHandlerDeps } from './handler-deps';

export function createApiKey({
  apiKeys,
}: AuthHandlerDeps): UnaryHandler<auth.CreateApiKeyRequest, auth.CreateApiKeyResponse> {
  return async (request, ctx) => {
    requireSignedIn(ctx, 'make API keys');
    const { id, name, key, createdAt } = await apiKeys.create(ctx.requireUserId(), request.name);
    ctx.annotate({ apiKeyId: id });
    return { id, name, key, createdAt };
  };
}
