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
  /** JWKS_REFRESH_INTERVAL (5m): how long auth's public keys are used before they are fetched again, in ms. */
  jwksRefreshMs: number;
}

/** Reads AUTH_GRPC_URL, JWT_ISSUER, JWT_AUDIENCE and JWKS_REFRESH_INTERVAL. */
export function readTokenVerificationSettings(env: EnvReader): TokenVerificationSettings {
  const authAddress = env.string(services.auth.addressVariable, `localhost:${services.auth.port}`);
  // ipv4:host:port,host:port names several replicas, which the channel balances over.
  if (!/^[\w.-]+:\d+$/.test(authAddress) && !/^(dns|ipv4|ipv6):/.test(authAddress))
    env.fail(`AUTH_GRPC_URL must be host:port, got "${authAddress}"`);
  const jwksRefreshMs = env.durationMs('JWKS_REFRESH_INTERVAL', '5m');
  if (jwksRefreshMs < 1000) env.fail('JWKS_REFRESH_INTERVAL must be at least 1s');
  return {
    authAddress,
    issuer: env.string('JWT_ISSUER', 'chrono-auth'),
    audience: env.string('JWT_AUDIENCE', 'chrono-api'),
    jwksRefreshMs,
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
    maxKeyAgeMs: settings.jwksRefreshMs,
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
