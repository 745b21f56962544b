import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { Metadata } from '@grpc/grpc-js';

// Request headers passed on as gRPC metadata. Nothing else is: in particular not a client's own
// x-client-address or x-user-id, which services would otherwise trust (Envoy strips them too).
const FORWARDED = ['authorization', 'idempotency-key'];
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id of a request: the client's `x-request-id` when it is sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** The address the request came from, as the socket saw it (IPv4-mapped IPv6 written as IPv4). */
export function clientAddressOf(request: IncomingMessage): string {
  const address = request.socket.remoteAddress ?? '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The gRPC metadata of the upstream call: forwarded headers, the request id and the client address. */
export function callMetadata(request: IncomingMessage, requestId: string): Metadata {
  const metadata = new Metadata();
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.length > 0) metadata.set(name, value);
  }
  metadata.set('x-request-id', requestId);
  metadata.set('x-client-address', clientAddressOf(request));
  return metadata;
}
