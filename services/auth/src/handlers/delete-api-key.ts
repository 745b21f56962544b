import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

export function deleteApiKey({
  apiKeys,
}: AuthHandlerDeps): UnaryHandler<auth.DeleteApiKeyRequest, auth.DeleteApiKeyResponse> {
  return async (request, ctx) => {
    ctx.annotate({ apiKeyId: request.id });
    await apiKeys.delete(ctx.requireUserId(), request.id);
    return {};
  };
}
