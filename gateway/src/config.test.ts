import { ConfigError } from '@chrono/kit';
import { loadConfig } from './config';

describe('loadConfig', () => {
  it('defaults to the local services, port 8080, 1 MiB bodies and a 15 s deadline', () => {
    const config = loadConfig({});
    expect(config.port).toBe(8080);
    expect(config.metricsPort).toBe(9450);
    expect(config.maxBodyBytes).toBe(1024 * 1024);
    expect(config.upstreamTimeoutMs).toBe(15_000);
    expect(config.corsOrigins).toEqual(['*']);
    expect(config.trustedProxyHops).toBe(0);
    expect(config.upstreams).toEqual([
      { name: 'auth', service: 'chrono.auth.v1.AuthService', target: 'localhost:50051' },
      { name: 'job-catalog', service: 'chrono.catalog.v1.JobService', target: 'localhost:50052' },
      { name: 'scheduler', service: 'chrono.scheduler.v1.SchedulerService', target: 'localhost:50053' },
      { name: 'executor', service: 'chrono.executor.v1.ExecutorService', target: 'localhost:50054' },
    ]);
  });

  it('accepts dns:/// targets for several replicas', () => {
    const config = loadConfig({ JOB_CATALOG_GRPC_URL: 'dns:///job-catalog:50052', PORT: '0' });
    expect(config.upstreams[1].target).toBe('dns:///job-catalog:50052');
    expect(config.port).toBe(0);
  });

  it('serves metrics on a port of their own, never the public one (0 for both is two free ports)', () => {
    expect(loadConfig({ METRICS_PORT: '0', PORT: '0' })).toMatchObject({ metricsPort: 0, port: 0 });
    expect(() => loadConfig({ METRICS_PORT: '8080' })).toThrow(
      'METRICS_PORT must differ from PORT (8080): metrics are never served on the public port',
    );
  });

  it('trusts as many proxy hops as GATEWAY_TRUSTED_PROXY_HOPS says, and no negative number', () => {
    expect(loadConfig({ GATEWAY_TRUSTED_PROXY_HOPS: '1' }).trustedProxyHops).toBe(1);
    expect(() => loadConfig({ GATEWAY_TRUSTED_PROXY_HOPS: '-1' })).toThrow('GATEWAY_TRUSTED_PROXY_HOPS');
  });

  it('names every bad variable at once', () => {
    let error: unknown;
    try {
      loadConfig({ AUTH_GRPC_URL: 'http://auth', PORT: 'eighty', GATEWAY_MAX_BODY_BYTES: '10' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      'AUTH_GRPC_URL must be host:port or dns:///host:port, got "http://auth"',
      'PORT must be a whole number, got "eighty"',
      'GATEWAY_MAX_BODY_BYTES must be between 1024 and 67108864, got 10',
    ]);
  });
});
