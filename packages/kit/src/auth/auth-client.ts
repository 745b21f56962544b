import { Metadata, status, type ChannelOptions } from '@grpc/grpc-js';
import { auth, authInternal } from '@chrono/contracts';
import type { PublicJwk } from './token-verifier';
import { grpcChannelCredentials } from '../grpc/grpc-tls';
import { withClientMetrics } from '../metrics/grpc-client-metrics';
import { UnauthenticatedError, UnavailableError } from '../errors/domain-errors';

/**
 * Options of every gRPC channel between services: keepalive so a dead peer is noticed quickly, and
 * round robin over the addresses a name resolves to (every replica behind a headless Service), each
 * kept connected, so that a replica stopping leaves the others serving at once. grpc-js takes the
 * policy from the service config only (it ignores `grpc.lb_policy_name`, and used pick_first).
 */
export const CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.service_config': JSON.stringify({ loadBalancingConfig: [{ round_robin: {} }] }),
};

/** A typed client of auth's AuthService at `address` (host:port), over the process's gRPC TLS, counted in the grpc_client_* metrics. */
export function createAuthClient(address: string): auth.AuthServiceClient {
  return new auth.AuthServiceClient(address, grpcChannelCredentials(), withClientMetrics(CHANNEL_OPTIONS));
}

/** A typed client of auth's AuthInternalService (VerifyApiKey) at `address`, counted like the other. */
export function createAuthInternalClient(address: string): authInternal.AuthInternalServiceClient {
  return new authInternal.AuthInternalServiceClient(
    address,
    grpcChannelCredentials(),
    withClientMetrics(CHANNEL_OPTIONS),
  );
}

/** Fetches auth's JWKS over gRPC with a deadline of `timeoutMs` (default 3 s). */
export function jwksFetcher(client: auth.AuthServiceClient, timeoutMs = 3000): () => Promise<PublicJwk[]> {
  return () =>
    new Promise((resolve, reject) => {
      client.getJwks({}, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) =>
        error ? reject(error) : resolve(response.keys),
      );
    });
}

/**
 * Asks auth's VerifyApiKey whose an API key is, with a deadline of `timeoutMs` (default 3 s). auth's
 * UNAUTHENTICATED becomes UnauthenticatedError; any other failure UnavailableError, so that a key is
 * never accepted without auth's word (fail closed).
 */
export function apiKeyResolver(
  client: authInternal.AuthInternalServiceClient,
  timeoutMs = 3000,
): (key: string) => Promise<string> {
  return (key) =>
    new Promise((resolve, reject) => {
      client.verifyApiKey({ key }, new Metadata(), { deadline: Date.now() + timeoutMs }, (error, response) => {
        if (!error) return resolve(response.userId);
        if (error.code === status.UNAUTHENTICATED) return reject(new UnauthenticatedError(error.details));
        reject(new UnavailableError(`cannot verify the API key: ${error.details || error.message}`));
      });
    });
}
