import type { authInternal } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

// AuthInternalService: the services' verifiers call it. The key is never logged.
export function verifyApiKey({
  apiKeys,
}: AuthHandlerDeps): UnaryHandler<authInternal.VerifyApiKeyRequest, authInternal.VerifyApiKeyResponse> {
  return async (request, ctx) => {
    const userId = await apiKeys.verify(request.key);
    ctx.annotate({ userId });
    return { userId };
  };
}
