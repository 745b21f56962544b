import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './support/components';
import type { ComposeService } from './support/compose-file';

const grafanaDir = path.join(repoRoot, 'deploy', 'observability', 'grafana');
const services = (
  parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as { services: Record<string, ComposeService> }
).services;
const grafana = services.grafana;
const datasources = (
  parse(readFileSync(path.join(grafanaDir, 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as {
    datasources: Array<{ uid: string; type: string; url: string }>;
  }
).datasources;
const providers = (
  parse(readFileSync(path.join(grafanaDir, 'provisioning', 'dashboards', 'chrono.yml'), 'utf8')) as {
    providers: Array<{ type: string; options: { path: string } }>;
  }
).providers;

/** Grafana's bind mounts: host path (from the repository root) → [container path, mode]. */
const mounts = new Map(
  (grafana.volumes ?? []).map((volume) => {
    const [source, target, mode] = String(volume).split(':');
    return [path.normalize(source), [target, mode]] as const;
  }),
);
const environment = grafana.environment as Record<string, string>;

// Grafana in docker compose: provisioned from deploy/observability/grafana with the Prometheus of the
// same file as its data source and the chrono dashboard, on http://localhost:3000.
describe('Grafana in docker compose', () => {
  it('runs a pinned Grafana image, published on 3000, once Prometheus is healthy', () => {
    expect(grafana.image).toMatch(/^grafana\/grafana:\d+\.\d+\.\d+$/);
    expect(grafana.ports).toEqual(['3000:3000']);
    expect(grafana.depends_on).toEqual({ prometheus: { condition: 'service_healthy' } });
  });

  it('mounts the provisioning and the dashboards read-only, from folders that exist', () => {
    expect(mounts.get('deploy/observability/grafana/provisioning')).toEqual(['/etc/grafana/provisioning', 'ro']);
    expect(mounts.get('deploy/observability/grafana/dashboards')).toEqual(['/var/lib/grafana/dashboards', 'ro']);
    for (const source of mounts.keys()) expect(existsSync(path.join(repoRoot, source))).toBe(true);
  });

  it('lets anyone view and takes the admin password from the environment', () => {
    expect(environment.GF_AUTH_ANONYMOUS_ENABLED).toBe('true');
    expect(environment.GF_AUTH_ANONYMOUS_ORG_ROLE).toBe('Viewer');
    expect(environment.GF_SECURITY_ADMIN_PASSWORD).toMatch(/^\$\{GRAFANA_ADMIN_PASSWORD(:-[^}]*)?\}$/);
  });

  it('has the compose Prometheus as its data source, under the uid the dashboard uses', () => {
    expect(datasources.map(({ uid, type, url }) => ({ uid, type, url }))).toEqual([
      { uid: 'prometheus', type: 'prometheus', url: 'http://prometheus:9090' },
    ]);
    // The port Prometheus listens on inside the compose network.
    expect(services.prometheus.ports?.map((port) => String(port).split(':')[1])).toEqual(['9090']);
    // Every data source the dashboard names, Grafana's built-in one for annotations left out.
    const named: string[] = [];
    JSON.parse(readFileSync(path.join(grafanaDir, 'dashboards', 'chrono.json'), 'utf8'), (key, value: unknown) => {
      const datasource = value as { type?: string; uid?: string };
      if (key === 'datasource' && datasource.type !== 'grafana') named.push(String(datasource.uid));
      return value;
    });
    expect(new Set(named)).toEqual(new Set(['prometheus']));
  });

  it('loads every dashboard of the mounted folder, from where that folder is mounted', () => {
    expect(providers.map((provider) => [provider.type, provider.options.path])).toEqual([
      ['file', mounts.get('deploy/observability/grafana/dashboards')?.[0]],
    ]);
    const files = readdirSync(path.join(grafanaDir, 'dashboards'));
    expect(files).toContain('chrono.json');
    for (const file of files)
      expect(() => JSON.parse(readFileSync(path.join(grafanaDir, 'dashboards', file), 'utf8'))).not.toThrow();
    expect(environment.GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH).toBe('/var/lib/grafana/dashboards/chrono.json');
  });
});
