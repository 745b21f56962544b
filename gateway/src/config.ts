import { gateway, services } from '@chrono/contracts';
import { EnvReader, readLogLevel, readGrpcSecuritySettings, type GrpcSecuritySettings } from '@chrono/kit';

/** One gRPC service the gateway transcodes, and where it runs. */
export interface Upstream {
  /** Short name, as in logs and /health ("auth", "job-catalog", ...). */
  name: string;
  /** Fully qualified proto service name; its google.api.http rules become REST routes. */
  service: string;
  /** gRPC target: `host:port`, or `dns:///host:port` to balance across every address the name resolves to. */
  target: string;
}

/** Everything the gateway reads from its environment, checked once at start-up. */
export interface GatewayConfig {
  /** PORT (8080): the HTTP listener. */
  port: number;
  /** METRICS_PORT (9450): where Prometheus scrapes GET /metrics; 0 picks a free port. */
  metricsPort: number;
  logLevel: string;
  /** GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CA, GRPC_TLS_CLIENT_AUTH, GATEWAY_SHARED_SECRET, GATEWAY_TLS_IDENTITY. */
  grpc: GrpcSecuritySettings;
  /** AUTH_GRPC_URL, JOB_CATALOG_GRPC_URL, SCHEDULER_GRPC_URL, EXECUTOR_GRPC_URL. */
  upstreams: Upstream[];
  /** GATEWAY_MAX_BODY_BYTES (1 MiB): larger request bodies get 413. */
  maxBodyBytes: number;
  /** GATEWAY_UPSTREAM_TIMEOUT (15s, Envoy's default route timeout): deadline of each gRPC call, in ms. */
  upstreamTimeoutMs: number;
  /** GATEWAY_CORS_ORIGINS (*): origins allowed to call from a browser, comma-separated; `*` for any. */
  corsOrigins: string[];
  /**
   * GATEWAY_TRUSTED_PROXY_HOPS (0): proxies in front of the gateway that append to X-Forwarded-For. 0
   * takes the socket's address as the client's; N takes the Nth address from the right of the header.
   */
  trustedProxyHops: number;
}

// The public services and their variables; the same four are the clusters of envoy.yaml.
const UPSTREAMS = Object.values(services).map((entry) => ({
  name: entry.name,
  service: entry.grpcService,
  variable: entry.addressVariable,
  port: entry.port,
}));

const TARGET = /^(dns:(\/\/[^/]*)?\/)?[\w.-]+:\d{1,5}$/;

export function loadConfig(source: Record<string, string | undefined> = process.env): GatewayConfig {
  const env = new EnvReader(source);
  const upstreams = UPSTREAMS.map(({ name, service, variable, port }) => {
    const target = env.string(variable, `localhost:${port}`);
    if (!TARGET.test(target)) env.fail(`${variable} must be host:port or dns:///host:port, got "${target}"`);
    return { name, service, target };
  });
  const config: GatewayConfig = {
    port: env.port(gateway.portVariable, gateway.port, { allowZero: true }),
    metricsPort: env.port('METRICS_PORT', gateway.metricsPort, { allowZero: true }),
    logLevel: readLogLevel(env),
    grpc: readGrpcSecuritySettings(env),
    upstreams,
    maxBodyBytes: env.int('GATEWAY_MAX_BODY_BYTES', 1024 * 1024, { min: 1024, max: 64 * 1024 * 1024 }),
    upstreamTimeoutMs: env.durationMs('GATEWAY_UPSTREAM_TIMEOUT', '15s'),
    corsOrigins: env.list('GATEWAY_CORS_ORIGINS', ['*']),
    trustedProxyHops: env.int('GATEWAY_TRUSTED_PROXY_HOPS', 0, { min: 0, max: 10 }),
  };
  if (config.upstreamTimeoutMs < 1) env.fail('GATEWAY_UPSTREAM_TIMEOUT must be at least 1ms');
  if (config.metricsPort !== 0 && config.metricsPort === config.port)
    env.fail(`METRICS_PORT must differ from PORT (${config.port}): metrics are never served on the public port`);
  env.done();
  return config;
}
