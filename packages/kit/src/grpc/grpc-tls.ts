import { readFileSync } from 'node:fs';
import { credentials, ServerCredentials, type ChannelCredentials } from '@grpc/grpc-js';
import type { EnvReader } from '../config/env-reader';

/** TLS of every gRPC server and channel of a process; all fields unset means plaintext. */
export interface GrpcTlsSettings {
  /** GRPC_TLS_CERT: a PEM certificate chain, this process's identity as a server and, under mTLS, as a client. */
  cert?: Buffer;
  /** GRPC_TLS_KEY: the PEM private key of that certificate. */
  key?: Buffer;
  /** GRPC_TLS_CA: PEM certificates that peers' certificates must chain to (default: the system's roots). */
  ca?: Buffer;
  /** GRPC_TLS_CLIENT_AUTH (none): `require` makes servers refuse clients without a certificate from the CA. */
  requireClientCert: boolean;
}

/** Reads GRPC_TLS_CERT, GRPC_TLS_KEY and GRPC_TLS_CA (file paths) and GRPC_TLS_CLIENT_AUTH (none or require). */
export function readGrpcTlsSettings(env: EnvReader): GrpcTlsSettings {
  const file = (name: string): Buffer | undefined => {
    const path = env.optionalString(name);
    if (!path) return undefined;
    try {
      return readFileSync(path);
    } catch (error) {
      env.fail(`${name} names a file that cannot be read: ${(error as Error).message}`);
      return undefined;
    }
  };
  const settings = {
    cert: file('GRPC_TLS_CERT'),
    key: file('GRPC_TLS_KEY'),
    ca: file('GRPC_TLS_CA'),
    requireClientCert: false,
  };
  const clientAuth = env.string('GRPC_TLS_CLIENT_AUTH', 'none');
  if (clientAuth !== 'none' && clientAuth !== 'require')
    env.fail(`GRPC_TLS_CLIENT_AUTH must be none or require, got "${clientAuth}"`);
  settings.requireClientCert = clientAuth === 'require';
  if (Boolean(env.optionalString('GRPC_TLS_CERT')) !== Boolean(env.optionalString('GRPC_TLS_KEY')))
    env.fail('GRPC_TLS_CERT and GRPC_TLS_KEY must be set together');
  if (settings.requireClientCert && !(env.optionalString('GRPC_TLS_CA') && env.optionalString('GRPC_TLS_CERT')))
    env.fail('GRPC_TLS_CLIENT_AUTH=require needs GRPC_TLS_CA, GRPC_TLS_CERT and GRPC_TLS_KEY');
  return settings;
}

// One identity per process: every server and channel it opens uses these settings, set once by its
// main (configureGrpcTls) before the first channel; nothing set means plaintext, as in development.
let current: GrpcTlsSettings = { requireClientCert: false };

/** Sets the TLS of every gRPC server and channel this process opens from now on. */
export function configureGrpcTls(settings: GrpcTlsSettings): void {
  current = settings;
}

/** Whether channels use TLS: as soon as a CA or a certificate is configured. */
export function grpcTlsEnabled(settings: GrpcTlsSettings = current): boolean {
  return Boolean(settings.ca || settings.cert);
}

/** Server credentials: TLS with the certificate (checking clients' under `require`), else insecure. */
export function grpcServerCredentials(settings: GrpcTlsSettings = current): ServerCredentials {
  if (!settings.cert || !settings.key) return ServerCredentials.createInsecure();
  return ServerCredentials.createSsl(
    settings.ca ?? null,
    [{ cert_chain: settings.cert, private_key: settings.key }],
    settings.requireClientCert,
  );
}

/** Channel credentials: TLS checking the server against the CA, presenting this process's certificate. */
export function grpcChannelCredentials(settings: GrpcTlsSettings = current): ChannelCredentials {
  if (!grpcTlsEnabled(settings)) return credentials.createInsecure();
  return credentials.createSsl(settings.ca ?? null, settings.key ?? null, settings.cert ?? null);
}
