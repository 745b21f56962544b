import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  componentSettings,
  documentedMetricsPorts,
  documentedPorts,
  drainSetting,
  parseDuration,
  repoRoot,
  SERVICES,
  type ComponentSettings,
} from './support/components';
import { COMPOSE_SERVICE_KEYS, interpolateDefaults, type ComposeService } from './support/compose-file';
import { parseDockerfile } from './support/dockerfile-model';
import { envoyConfig } from './support/envoy-config';

// `docker compose up` must give the whole system in a working order; with no Docker engine here, the
// file is checked against the services' own source: what they read, what they need, where they listen.
const compose = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
};
const services = compose.services;
const { ports } = documentedPorts();
const { ports: metricsPorts } = documentedMetricsPorts();
const dockerfileStages = parseDockerfile(readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8')).stages.map(
  (stage) => stage.name,
);
const envoy = envoyConfig();

/** The compose service of each dependency, and the variables that point at it. */
const DEPENDENCY_SERVICE = { postgresql: 'postgres', redis: 'redis', nats: 'nats' } as const;
const COMPONENTS: Array<[string, ComponentSettings]> = [
  ...SERVICES.map((name) => [name, componentSettings(name)] as [string, ComponentSettings]),
  ['gateway-docs', componentSettings('gateway')],
];

function environment(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, interpolateDefaults(String(value))]),
  );
}

function healthyDependencies(name: string): string[] {
  return Object.entries(services[name].depends_on ?? {})
    .filter(([, condition]) => condition.condition === 'service_healthy')
    .map(([dependency]) => dependency)
    .sort();
}

describe('docker-compose.yml', () => {
  it('runs PostgreSQL, Redis, NATS, the four services, the docs gateway, Envoy, Prometheus and Grafana, with only known keys', () => {
    expect(Object.keys(services).sort()).toEqual([
      'auth',
      'envoy',
      'executor',
      'gateway-docs',
      'grafana',
      'job-catalog',
      'nats',
      'postgres',
      'prometheus',
      'redis',
      'scheduler',
    ]);
    for (const [name, service] of Object.entries(services)) {
      expect({ name, unknown: Object.keys(service).filter((key) => !COMPOSE_SERVICE_KEYS.has(key)) }).toEqual({
        name,
        unknown: [],
      });
    }
  });

  it('health-checks every container and restarts it when it exits', () => {
    for (const [name, service] of Object.entries(services)) {
      expect({ name, test: Array.isArray(service.healthcheck?.test) && service.healthcheck.test.length > 1 }).toEqual({
        name,
        test: true,
      });
      expect({ name, restart: service.restart }).toEqual({ name, restart: 'unless-stopped' });
    }
  });

  it('starts nothing before what it depends on is healthy, and has no dependency cycle', () => {
    const visiting = new Set<string>();
    const visit = (name: string, trail: string[]): void => {
      expect({ cycle: visiting.has(name) ? [...trail, name] : [] }).toEqual({ cycle: [] });
      visiting.add(name);
      for (const dependency of Object.keys(services[name].depends_on ?? {})) {
        expect(services[dependency]?.healthcheck).toBeDefined();
        visit(dependency, [...trail, name]);
      }
      visiting.delete(name);
    };
    for (const name of Object.keys(services)) visit(name, []);
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {}))
        expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
    }
  });

  it('publishes only Envoy, on the documented gateway port, Grafana on 3000 and Prometheus on 9090', () => {
    const published = Object.entries(services).filter(([, service]) => service.ports?.length);
    expect(published.map(([name, service]) => [name, service.ports])).toEqual([
      ['envoy', [`${ports.get('gateway')}:${envoy.listenerPorts[0]}`]],
      ['prometheus', ['9090:9090']],
      ['grafana', ['3000:3000']],
    ]);
    expect(envoy.listenerPorts).toEqual([ports.get('gateway')]);
  });

  it('keeps JetStream on a named volume', () => {
    const command = services.nats.command as string[];
    expect(command).toContain('-js');
    const storeDir = command[command.indexOf('-sd') + 1];
    const volume = (services.nats.volumes ?? [])
      .map((v) => String(v).split(':'))
      .find(([, target]) => target === storeDir);
    expect(volume).toBeDefined();
    expect(Object.keys(compose.volumes ?? {})).toContain(volume![0]);
  });

  describe.each(COMPONENTS)('%s', (name, settings) => {
    const service = services[name];
    const env = environment(name);
    const port = ports.get(settings.name)!;

    it('is built from the Dockerfile target of its component', () => {
      expect(service.build).toEqual({ context: '.', target: settings.name });
      expect(dockerfileStages).toContain(settings.name);
    });

    it("sets only variables that the component's source reads", () => {
      expect(settings.variables.size).toBeGreaterThan(3);
      expect(Object.keys(env).filter((variable) => !settings.variables.has(variable))).toEqual([]);
    });

    it('listens on the documented port and is health-checked there', () => {
      expect(env[settings.port.variable]).toBe(String(port));
      expect(settings.port.fallback).toBe(port);
      expect(service.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${port}`);
    });

    it('serves metrics on its documented metrics port, exposed on the compose network but not published', () => {
      const metricsPort = metricsPorts.get(settings.name);
      expect(metricsPort).toBe(settings.metricsPort);
      expect(env.METRICS_PORT).toBe(String(metricsPort));
      expect(service.expose).toEqual([String(metricsPort)]);
      expect(service.ports).toBeUndefined();
    });

    it('finds its dependencies and the services it calls by their compose names, and waits for them', () => {
      // auth calls job-catalog only for DELETE /auth/me, and job-catalog waits for auth: waiting both ways would never start.
      const waitsFor = [...settings.calls].filter((other) => !(name === 'auth' && other === 'job-catalog'));
      const expected = [...[...settings.dependencies].map((d) => DEPENDENCY_SERVICE[d]), ...waitsFor].sort();
      expect(healthyDependencies(name)).toEqual(expected);
      const addresses: Record<string, string> = {
        DB_HOST: 'postgres',
        DB_PORT: '5432',
        REDIS_HOST: 'redis',
        REDIS_PORT: '6379',
        NATS_URL: 'nats://nats:4222',
      };
      for (const other of settings.calls)
        addresses[`${other.toUpperCase().replace(/-/g, '_')}_GRPC_URL`] = `${other}:${ports.get(other)}`;
      for (const [variable, value] of Object.entries(addresses))
        if (settings.variables.has(variable)) expect({ variable, value: env[variable] }).toEqual({ variable, value });
    });
  });

  it('gives every service the token issuer and audience that Envoy checks', () => {
    for (const name of SERVICES)
      expect([environment(name).JWT_ISSUER, environment(name).JWT_AUDIENCE]).toEqual([
        envoy.jwtIssuer,
        envoy.jwtAudiences[0],
      ]);
  });

  it("lets the executor's running jobs finish on stop", () => {
    const drain = drainSetting(componentSettings('executor'));
    expect(drain).toBeDefined();
    expect(parseDuration(services.executor.stop_grace_period!)! - drain!.fallbackMs).toBeGreaterThanOrEqual(10_000);
  });

  it('runs Envoy on gateway/envoy.yaml, after every cluster it names is healthy', () => {
    expect(services.envoy.build).toEqual({ context: '.', target: 'envoy' });
    expect(services.envoy.volumes).toContain('./gateway/envoy.yaml:/etc/envoy/envoy.yaml:ro');
    expect(existsSync(path.join(repoRoot, 'gateway', 'envoy.yaml'))).toBe(true);
    const upstreams = envoy.clusters.filter((cluster) => cluster.type === 'STRICT_DNS');
    expect(upstreams.map((cluster) => cluster.host).sort()).toEqual(healthyDependencies('envoy'));
    for (const cluster of upstreams) {
      const target = COMPONENTS.find(([name]) => name === cluster.host)![1];
      expect({ cluster: cluster.name, port: cluster.port }).toEqual({
        cluster: cluster.name,
        port: Number(environment(cluster.host)[target.port.variable]),
      });
    }
  });
});
