import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

export function getJwks({ jwks }: AuthHandlerDeps): UnaryHandler<auth.GetJwksRequest, auth.GetJwksResponse> {
  const response: auth.GetJwksResponse = { keys: jwks.map((jwk) => ({ ...jwk })) };
  return async () => response;
}
