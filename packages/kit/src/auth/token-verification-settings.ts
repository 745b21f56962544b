import { services } from '@chrono/contracts';
import type { EnvReader } from '../config/env-reader';
import type { Redis } from 'ioredis';
import type { Authenticator } from '../grpc/grpc-server';
import { apiKeyResolver, createAuthClient, createAuthInternalClient, jwksFetcher } from './auth-client';
import { ApiKeyVerifier } from './api-key-verifier';
import { BearerAuthenticator } from './bearer-authenticator';
import { RedisRevocationList } from './revocation-list';
import { TokenVerifier } from './token-verifier';

/** Where a service gets the public keys of auth, and what every token must say. */
export interface TokenVerificationSettings {
  /** AUTH_GRPC_URL (localhost:50051): auth's gRPC address, host:port. */
  authAddress: string;
  /** JWT_ISSUER (chrono-auth). */
  issuer: string;
  /** JWT_AUDIENCE (chrono-api). */
  audience: string;
}

/** Reads AUTH_GRPC_URL, JWT_ISSUER and JWT_AUDIENCE. */
export function readTokenVerificationSettings(env: EnvReader): TokenVerificationSettings {
  const authAddress = env.string(services.auth.addressVariable, `localhost:${services.auth.port}`);
  if (!/^[\w.-]+:\d+$/.test(authAddress) && !/^dns:/.test(authAddress))
    env.fail(`AUTH_GRPC_URL must be host:port, got "${authAddress}"`);
  return {
    authAddress,
    issuer: env.string('JWT_ISSUER', 'chrono-auth'),
    audience: env.string('JWT_AUDIENCE', 'chrono-api'),
  };
}

/**
 * A verifier of bearer credentials: access tokens checked with auth's JWKS (fetched over gRPC), refused
 * when their session ended in `redis` (within a second; UNAVAILABLE while Redis cannot be read); API
 * keys resolved by auth's VerifyApiKey, cached at most a second. `close()` releases its channel.
 */
export function createTokenVerifier(
  settings: TokenVerificationSettings,
  redis: Redis,
): {
  verifier: Authenticator;
  close: () => void;
} {
  const client = createAuthClient(settings.authAddress);
  const tokens = new TokenVerifier({
    fetchKeys: jwksFetcher(client),
    issuer: settings.issuer,
    audience: settings.audience,
    revocations: new RedisRevocationList(redis),
  });
  const internal = createAuthInternalClient(settings.authAddress);
  const verifier = new BearerAuthenticator(tokens, new ApiKeyVerifier(apiKeyResolver(internal)));
  return {
    verifier,
    close: () => {
      client.close();
      internal.close();
    },
  };
}
