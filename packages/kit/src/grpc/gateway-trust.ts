import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerUnaryCall } from '@grpc/grpc-js';
import type { EnvReader } from '../config/env-reader';

/** The metadata key that carries GATEWAY_SHARED_SECRET from the gateway. */
export const GATEWAY_SECRET_HEADER = 'x-gateway-secret';

/** Who may tell a service the client's address (`x-client-address`): only the gateway. */
export interface GatewayTrustSettings {
  /** GATEWAY_SHARED_SECRET (none): sent by the gateway as x-gateway-secret; at least 16 characters. */
  sharedSecret?: string;
  /** GATEWAY_TLS_IDENTITY (gateway): the CN or DNS name of the gateway's client certificate under mTLS. */
  identity: string;
}

/** Reads GATEWAY_SHARED_SECRET and GATEWAY_TLS_IDENTITY. */
export function readGatewayTrustSettings(env: EnvReader): GatewayTrustSettings {
  const sharedSecret = env.optionalString('GATEWAY_SHARED_SECRET');
  if (sharedSecret !== undefined && sharedSecret.length < 16)
    env.fail('GATEWAY_SHARED_SECRET must be at least 16 characters');
  return { sharedSecret, identity: env.string('GATEWAY_TLS_IDENTITY', 'gateway') };
}

// Set once by the process's main (configureGrpcSecurity), like the TLS settings.
let currentTrust: GatewayTrustSettings = { identity: 'gateway' };

/** Sets whom this process's gRPC servers take x-client-address from. */
export function configureGatewayTrust(settings: GatewayTrustSettings): void {
  currentTrust = settings;
}

/**
 * Whether a call comes from the gateway: its verified client certificate (mTLS) names the gateway's
 * identity, or it carries the shared secret. Neither configured: no call does, and x-client-address
 * is ignored (a client cannot choose the address its logins are counted under).
 */
export function isFromGateway(
  call: ServerUnaryCall<unknown, unknown>,
  settings: GatewayTrustSettings = currentTrust,
): boolean {
  const certificate = call.getAuthContext().sslPeerCertificate;
  if (certificate && Object.keys(certificate).length > 0) {
    const names = [certificate.subject?.CN, ...dnsNames(certificate.subjectaltname)];
    if (names.includes(settings.identity)) return true;
  }
  const sent = call.metadata.get(GATEWAY_SECRET_HEADER)[0];
  if (!settings.sharedSecret || typeof sent !== 'string') return false;
  // Equal-length digests, compared in constant time.
  return timingSafeEqual(digest(sent), digest(settings.sharedSecret));
}

function dnsNames(subjectAltName: string | undefined): string[] {
  return (subjectAltName ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('DNS:'))
    .map((entry) => entry.slice(4));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
