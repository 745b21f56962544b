import { Metadata, type ChannelOptions } from '@grpc/grpc-js';
import { auth } from '@chrono/contracts';
import type { PublicJwk } from './token-verifier';
import { grpcChannelCredentials } from '../grpc/grpc-tls';
import { withClientMetrics } from '../metrics/grpc-client-metrics';

/** Options of every gRPC channel between services: keepalive so a dead peer is noticed quickly. */
export const CHANNEL_OPTIONS: ChannelOptions = {
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 5_000,
  'grpc.lb_policy_name': 'round_robin',
};

/** A typed client of auth's AuthService at `address` (host:port), over the process's gRPC TLS, counted in the grpc_client_* metrics. */
export function createAuthClient(address: string): auth.AuthServiceClient {
  return new auth.AuthServiceClient(address, grpcChannelCredentials(), withClientMetrics(CHANNEL_OPTIONS));
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
