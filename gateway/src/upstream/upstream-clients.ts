import { makeGenericClientConstructor, type Client, type Metadata, type ServiceError } from '@grpc/grpc-js';
import { CHANNEL_OPTIONS, grpcChannelCredentials, withClientMetrics } from '@chrono/kit';

/** The outcome of one unary call: the response bytes, or the gRPC error with its code and metadata. */
export type UnaryOutcome = { ok: true; bytes: Buffer } | { ok: false; error: ServiceError };

// Messages travel as bytes: the gateway encodes and decodes them itself from the descriptor set.
const passThrough = (bytes: Buffer) => bytes;
const GenericClient = makeGenericClientConstructor({}, 'Upstream');
// A restarted service is found again within seconds (grpc-js would back off up to two minutes).
const OPTIONS = { ...CHANNEL_OPTIONS, 'grpc.initial_reconnect_backoff_ms': 500, 'grpc.max_reconnect_backoff_ms': 5000 };

/**
 * One long-lived gRPC channel per upstream, reused by every request. A `dns:///name:port` target
 * resolves to every replica and spreads calls over them (round_robin); keepalive notices dead peers.
 * Every call is counted in the grpc_client_* metrics.
 */
export class UpstreamClients {
  private readonly clients = new Map<string, Client>();

  constructor(targets: Iterable<string>) {
    for (const target of targets) {
      if (!this.clients.has(target))
        this.clients.set(target, new GenericClient(target, grpcChannelCredentials(), withClientMetrics(OPTIONS)));
    }
  }

  /** Calls `path` (`/<package>.<Service>/<Method>`) on `target` with a deadline of `timeoutMs`. */
  call(target: string, path: string, request: Buffer, metadata: Metadata, timeoutMs: number): Promise<UnaryOutcome> {
    const client = this.clients.get(target);
    if (!client) throw new Error(`no channel to ${target}`);
    return new Promise((resolve) => {
      client.makeUnaryRequest(
        path,
        passThrough,
        passThrough,
        request,
        metadata,
        { deadline: Date.now() + timeoutMs },
        (error, bytes) => resolve(error ? { ok: false, error } : { ok: true, bytes: bytes ?? Buffer.alloc(0) }),
      );
    });
  }

  /** Closes every channel. */
  close(): void {
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
