import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { SigningKey } from '../tokens/signing-key';

export function getJwks(keys: SigningKey[]): UnaryHandler<auth.GetJwksRequest, auth.GetJwksResponse> {
  const response: auth.GetJwksResponse = { keys: keys.map((key) => ({ ...key.publicJwk })) };
  return async () => response;
}
