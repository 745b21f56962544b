import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { documentedMetricsPorts, repoRoot } from './support/components';
import { type K8sObject, ofKind, overlayPath, renderKustomization } from './support/kustomize';
import { schemaProblems } from './support/schema-validation';

const CUSTOM_KINDS = new Set(['ServiceMonitor', 'PrometheusRule']);

/** An overlay rendered as it is, and with the observability component added, as deploy/README.md says to. */
function renderWithComponent(overlay: string): { plain: K8sObject[]; withComponent: K8sObject[] } {
  const copy = mkdtempSync(path.join(tmpdir(), 'chrono-k8s-'));
  try {
    cpSync(path.join(repoRoot, 'deploy', 'k8s'), copy, { recursive: true });
    appendFileSync(
      path.join(copy, 'overlays', overlay, 'kustomization.yaml'),
      '\ncomponents:\n  - ../../observability\n',
    );
    return {
      plain: renderKustomization(overlayPath(overlay)),
      withComponent: renderKustomization(path.join(copy, 'overlays', overlay)),
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) =>
  Object.entries(selector).every(([key, value]) => labels[key] === value);

/** The `job` label Prometheus gives a ServiceMonitor's targets: the Service's name unless a relabelling replaces it. */
function jobName(monitor: K8sObject, service: K8sObject): string {
  const relabel = (monitor.spec.endpoints[0].relabelings ?? []).find(
    (r: { targetLabel?: string }) => r.targetLabel === 'job',
  ) as { replacement?: string } | undefined;
  return relabel?.replacement ?? service.metadata.name;
}

// deploy/k8s/observability: ServiceMonitors and a PrometheusRule for the Prometheus Operator, an optional
// component that an overlay adds (the operator's custom resources would not apply on a cluster without it).
describe.each(['dev', 'prod'])('the observability component in overlay %s', (overlay) => {
  const { plain, withComponent } = renderWithComponent(overlay);
  const added = withComponent.filter((object) => CUSTOM_KINDS.has(object.kind));
  const services = ofKind(withComponent, 'Service');
  const monitors = ofKind(withComponent, 'ServiceMonitor');

  it('adds only ServiceMonitors and a PrometheusRule, in the overlay’s namespace, and changes nothing else', () => {
    expect(withComponent.filter((object) => !CUSTOM_KINDS.has(object.kind))).toEqual(plain);
    expect(new Set(added.map((object) => object.kind))).toEqual(CUSTOM_KINDS);
    const namespace = plain.find((object) => object.kind === 'Namespace')?.metadata.name;
    for (const object of added)
      expect([object.metadata.name, object.metadata.namespace]).toEqual([object.metadata.name, namespace]);
  });

  it('renders custom resources that are valid against the Prometheus Operator’s schemas', () => {
    expect(schemaProblems(added)).toEqual([]);
  });

  it('scrapes every Service that has a metrics port, by its port name, once, on the documented port', () => {
    const withMetrics = services.filter((service) =>
      service.spec.ports.some((port: { name?: string }) => port.name === 'metrics'),
    );
    const { ports } = documentedMetricsPorts();
    expect(withMetrics.map((service) => service.metadata.name).sort()).toEqual(
      ['auth', 'executor', 'gateway-docs', 'job-catalog', 'scheduler'].sort(),
    );
    for (const service of withMetrics) {
      const scraping = monitors.filter((monitor) =>
        matches(monitor.spec.selector.matchLabels, service.metadata.labels),
      );
      expect({ service: service.metadata.name, monitors: scraping.length }).toEqual({
        service: service.metadata.name,
        monitors: 1,
      });
      const endpoints = scraping[0].spec.endpoints as Array<{ port: string; path?: string }>;
      expect(endpoints.map(({ port, path }) => [port, path ?? '/metrics'])).toEqual([['metrics', '/metrics']]);
      const port = service.spec.ports.find((p: { name?: string }) => p.name === 'metrics');
      const component = service.metadata.name === 'gateway-docs' ? 'gateway' : service.metadata.name;
      expect([service.metadata.name, port.port]).toEqual([service.metadata.name, ports.get(component)]);
    }
  });

  it('selects a Service with each ServiceMonitor, and names the jobs as compose’s Prometheus does', () => {
    const composeJobs = (
      parse(readFileSync(path.join(repoRoot, 'deploy', 'observability', 'prometheus.yml'), 'utf8')) as {
        scrape_configs: Array<{ job_name: string }>;
      }
    ).scrape_configs.map((job) => job.job_name);
    const jobs = monitors.map((monitor) => {
      const selected = services.filter((service) =>
        matches(monitor.spec.selector.matchLabels, service.metadata.labels),
      );
      expect([monitor.metadata.name, selected.length]).toEqual([monitor.metadata.name, 1]);
      return jobName(monitor, selected[0]);
    });
    expect(jobs.sort()).toEqual([...composeJobs].sort());
  });

  it('holds exactly the alert groups of deploy/observability/alerts.yml', () => {
    const alerts = parse(readFileSync(path.join(repoRoot, 'deploy', 'observability', 'alerts.yml'), 'utf8')) as {
      groups: unknown[];
    };
    const rules = ofKind(withComponent, 'PrometheusRule');
    expect(rules).toHaveLength(1);
    expect(rules[0].spec.groups).toEqual(alerts.groups);
  });
});
