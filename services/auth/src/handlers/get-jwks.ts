import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

export function getJwks({ keys }: AuthHandlerDeps): UnaryHandler<auth.GetJwksRequest, auth.GetJwksResponse> {
  const response: auth.GetJwksResponse = { keys: keys.map((key) => ({ ...key.publicJwk })) };
  return async () => response;
}
