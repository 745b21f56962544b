import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { Metadata } from '@grpc/grpc-js';
import { GATEWAY_SECRET_HEADER } from '@chrono/kit';

// Request headers passed on as gRPC metadata. Nothing else is: in particular not a client's own
// x-client-address or x-user-id, which services would otherwise trust (Envoy strips them too).
const FORWARDED = ['authorization', 'idempotency-key'];
const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** The request id of a request: the client's `x-request-id` when it is sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/**
 * The address the request came from (IPv4-mapped IPv6 written as IPv4). With no trusted proxies it is
 * the socket's. Behind `trustedProxyHops` proxies that each append the address they received from to
 * X-Forwarded-For, it is the address the outermost trusted proxy saw: the Nth from the right, counting
 * the socket's as the 0th (Envoy's xff_num_trusted_hops). Entries further left are the client's to
 * write and never read. A header too short or not an address there falls back to the socket's address.
 */
export function clientAddressOf(request: IncomingMessage, trustedProxyHops = 0): string {
  const socketAddress = request.socket.remoteAddress ?? '';
  let address = socketAddress;
  if (trustedProxyHops > 0) {
    const header = request.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((s) => s.trim());
    const candidate = [...forwarded.filter(Boolean), socketAddress].at(-1 - trustedProxyHops);
    if (candidate && isIP(candidate)) address = candidate;
  }
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * The gRPC metadata of the upstream call: forwarded headers, the request id, the client address and,
 * when configured, the shared secret that makes services believe that address (without mTLS).
 */
export function callMetadata(
  request: IncomingMessage,
  requestId: string,
  trustedProxyHops = 0,
  sharedSecret?: string,
): Metadata {
  const metadata = new Metadata();
  for (const name of FORWARDED) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.length > 0) metadata.set(name, value);
  }
  metadata.set('x-request-id', requestId);
  metadata.set('x-client-address', clientAddressOf(request, trustedProxyHops));
  if (sharedSecret) metadata.set(GATEWAY_SECRET_HEADER, sharedSecret);
  return metadata;
}
