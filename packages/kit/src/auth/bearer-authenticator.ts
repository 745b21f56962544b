import type { Metadata } from '@grpc/grpc-js';
import type { Authenticator } from '../grpc/grpc-server';
import { isApiKey } from './api-key-format';
import type { ApiKeyVerifier } from './api-key-verifier';

const BEARER = /^Bearer (\S+)$/;

/**
 * Verifies `authorization: Bearer <credential>` whatever the credential: an API key (recognised by
 * its prefix) goes to `apiKeys`, anything else to `tokens` (the access-token verifier), which also
 * answers for a missing or malformed header.
 */
export class BearerAuthenticator implements Authenticator {
  constructor(
    private readonly tokens: Authenticator,
    private readonly apiKeys: ApiKeyVerifier,
  ) {}

  async authenticate(metadata: Metadata): Promise<string> {
    const header = metadata.get('authorization')[0];
    const credential = typeof header === 'string' ? BEARER.exec(header.trim())?.[1] : undefined;
    if (credential && isApiKey(credential)) return this.apiKeys.verify(credential);
    return this.tokens.authenticate(metadata);
  }
}
