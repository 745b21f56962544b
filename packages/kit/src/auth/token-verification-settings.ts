import { services } from '@chrono/contracts';
import type { EnvReader } from '../config/env-reader';
import type { Redis } from 'ioredis';
import { createAuthClient, jwksFetcher } from './auth-client';
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
 * A verifier that fetches auth's JWKS over gRPC and refuses tokens of sessions ended in `redis`
 * (within a second; UNAVAILABLE while Redis cannot be read); `close()` releases its channel.
 */
export function createTokenVerifier(
  settings: TokenVerificationSettings,
  redis: Redis,
): {
  verifier: TokenVerifier;
  close: () => void;
} {
  const client = createAuthClient(settings.authAddress);
  const verifier = new TokenVerifier({
    fetchKeys: jwksFetcher(client),
    issuer: settings.issuer,
    audience: settings.audience,
    revocations: new RedisRevocationList(redis),
  });
  return { verifier, close: () => client.close() };
}
