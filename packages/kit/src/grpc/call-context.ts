import { randomUUID } from 'node:crypto';
import type { Metadata } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { UnauthenticatedError } from '../errors/domain-errors';

/** What a handler knows about the call besides its request message. */
export class CallContext {
  /** The caller's user id, set once a bearer token has been verified. */
  userId?: string;
  private fields: Record<string, unknown> = {};

  constructor(
    readonly rpc: string,
    readonly metadata: Metadata,
    /** The client address: `x-client-address` when the gateway sent it (see isFromGateway), else the peer. */
    readonly clientAddress: string,
    readonly requestId: string,
    private readonly baseLog: Logger,
  ) {}

  /** Builds the context of one call from its metadata; `fromGateway` says whether x-client-address is believed. */
  static fromCall(rpc: string, metadata: Metadata, peer: string, log: Logger, fromGateway = false): CallContext {
    const requestId = firstValue(metadata, 'x-request-id') ?? randomUUID();
    const clientAddress = (fromGateway && firstValue(metadata, 'x-client-address')) || hostOfPeer(peer);
    return new CallContext(rpc, metadata, clientAddress, requestId, log.child({ rpc, requestId }));
  }

  /** The logger of this call, carrying the rpc, request id and every annotated field. */
  get log(): Logger {
    return Object.keys(this.fields).length ? this.baseLog.child(this.fields) : this.baseLog;
  }

  /** Adds fields (a job id, say) to every later log line of this call, including its outcome line. */
  annotate(fields: Record<string, unknown>): void {
    this.fields = { ...this.fields, ...fields };
  }

  /** The first value of a metadata key, if it is a non-empty string. */
  header(key: string): string | undefined {
    return firstValue(this.metadata, key);
  }

  /** The authenticated user's id; UNAUTHENTICATED when the call carried no valid token. */
  requireUserId(): string {
    if (!this.userId) throw new UnauthenticatedError('a valid bearer token is required');
    return this.userId;
  }
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value.length > 0 && value.length <= 200 ? value : undefined;
}

// grpc-js peers look like `ipv4:10.0.0.7:53412` or `ipv6:[::1]:53412`; the port changes per connection.
function hostOfPeer(peer: string): string {
  const match = /^(?:ipv4:|ipv6:)?\[?([^\]]*?)\]?(?::\d+)?$/.exec(peer);
  return match?.[1] || peer;
}
