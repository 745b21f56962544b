import type { EnvReader } from '../config/env-reader';
import { configureGatewayTrust, readGatewayTrustSettings, type GatewayTrustSettings } from './gateway-trust';
import { configureGrpcTls, readGrpcTlsSettings, type GrpcTlsSettings } from './grpc-tls';

/** How a process's gRPC servers and channels are secured, and whom they take client addresses from. */
export interface GrpcSecuritySettings {
  tls: GrpcTlsSettings;
  gatewayTrust: GatewayTrustSettings;
}

/** Reads the GRPC_TLS_* settings, GATEWAY_SHARED_SECRET and GATEWAY_TLS_IDENTITY. */
export function readGrpcSecuritySettings(env: EnvReader): GrpcSecuritySettings {
  return { tls: readGrpcTlsSettings(env), gatewayTrust: readGatewayTrustSettings(env) };
}

/** Applies them to every gRPC server and channel the process opens from now on: call it first in main. */
export function configureGrpcSecurity(settings: GrpcSecuritySettings): void {
  configureGrpcTls(settings.tls);
  configureGatewayTrust(settings.gatewayTrust);
}
