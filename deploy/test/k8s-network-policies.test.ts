import { componentSettings, documentedMetricsPorts, documentedPorts, SERVICES } from './support/components';
import { ofKind, overlayPath, renderKustomization, workloads } from './support/kustomize';
import { ingressAllowed, podOf, type Pod } from './support/network-reachability';

// The policies are evaluated, not just read: for every pair of pods and every port, who may connect.
// From outside only Envoy is reachable; a service only from Envoy and from the services that call it;
// PostgreSQL, Redis and NATS only from the services whose configuration points at them.
const { ports } = documentedPorts();
const { ports: metricsPorts } = documentedMetricsPorts();
const DEPENDENCY_PORTS = { postgresql: 5432, redis: 6379, nats: 4222 } as const;
type Dependency = keyof typeof DEPENDENCY_PORTS;

describe.each([
  ['dev', 'chrono-dev'],
  ['prod', 'chrono'],
])('overlay %s', (overlay, namespace) => {
  const objects = renderKustomization(overlayPath(overlay));
  const policies = ofKind(objects, 'NetworkPolicy');
  const pods = new Map<string, Pod>(
    workloads(objects).map((w) => [w.spec.template.metadata.labels['app.kubernetes.io/name'], podOf(w)]),
  );
  // In prod PostgreSQL, Redis and NATS come from the operator and charts, with these labels on their pods.
  for (const dependency of Object.keys(DEPENDENCY_PORTS)) {
    if (!pods.has(dependency))
      pods.set(dependency, {
        name: dependency,
        namespace,
        namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
        labels: { 'app.kubernetes.io/name': dependency },
      });
  }
  const outside: Pod = { name: 'internet', labels: {} };
  const otherNamespace: Pod = {
    name: 'stranger',
    namespace: 'elsewhere',
    namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' },
    labels: { 'app.kubernetes.io/name': 'envoy' },
  };
  const portOf = (name: string): number => ports.get(name) ?? DEPENDENCY_PORTS[name as Dependency] ?? 8080;

  /** Names of the pods in the namespace allowed to reach `target` on `port`. */
  function callers(target: string, port: number): string[] {
    return [...pods.keys()]
      .filter((name) => name !== target && ingressAllowed(policies, pods.get(name)!, pods.get(target)!, port))
      .sort();
  }

  it('denies by default every pod that no policy opens', () => {
    expect(
      policies.some(
        (p) =>
          Object.keys(p.spec.podSelector).length === 0 && p.spec.policyTypes.includes('Ingress') && !p.spec.ingress,
      ),
    ).toBe(true);
  });

  it('lets clients outside the cluster and other namespaces reach Envoy on 8080 and nothing else', () => {
    for (const client of [outside, otherNamespace]) {
      for (const [name, pod] of pods) {
        expect({ client: client.name, name, allowed: ingressAllowed(policies, client, pod, portOf(name)) }).toEqual({
          client: client.name,
          name,
          allowed: name === 'envoy',
        });
      }
      expect(ingressAllowed(policies, client, pods.get('envoy')!, 9901)).toBe(false);
    }
  });

  it.each(SERVICES)('lets only Envoy and the services that call it reach %s', (service) => {
    const expected = [
      'envoy',
      ...SERVICES.filter((other) => componentSettings(other).calls.has(service as never)),
    ].sort();
    expect(callers(service, portOf(service))).toEqual(expected);
  });

  it('lets only Envoy reach gateway-docs', () => {
    expect(callers('gateway-docs', 8080)).toEqual(['envoy']);
  });

  it.each(Object.keys(DEPENDENCY_PORTS))('lets only the services that use it reach %s', (dependency) => {
    const users = SERVICES.filter((service) => componentSettings(service).dependencies.has(dependency as Dependency));
    expect(users.length).toBeGreaterThan(0);
    expect(callers(dependency, portOf(dependency))).toEqual([...users].sort());
  });

  it('lets only Prometheus (in the monitoring namespace) reach the metrics port of each process, and Prometheus nothing else', () => {
    const prometheus: Pod = {
      name: 'prometheus',
      namespace: 'monitoring',
      namespaceLabels: { 'kubernetes.io/metadata.name': 'monitoring' },
      labels: { 'app.kubernetes.io/name': 'prometheus' },
    };
    const notPrometheus: Pod[] = [
      { ...prometheus, name: 'grafana', labels: { 'app.kubernetes.io/name': 'grafana' } },
      {
        ...prometheus,
        name: 'prometheus-elsewhere',
        namespace: 'elsewhere',
        namespaceLabels: { 'kubernetes.io/metadata.name': 'elsewhere' },
      },
      {
        ...prometheus,
        name: 'prometheus-in-chrono',
        namespace,
        namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
      },
      outside,
    ];
    for (const name of [...SERVICES, 'gateway-docs']) {
      const metricsPort = metricsPorts.get(name === 'gateway-docs' ? 'gateway' : name)!;
      expect(metricsPort).toBeGreaterThan(0);
      expect({ name, prometheus: ingressAllowed(policies, prometheus, pods.get(name)!, metricsPort) }).toEqual({
        name,
        prometheus: true,
      });
      expect({ name, otherPort: ingressAllowed(policies, prometheus, pods.get(name)!, portOf(name)) }).toEqual({
        name,
        otherPort: false,
      });
      expect({ name, callers: callers(name, metricsPort) }).toEqual({ name, callers: [] });
      for (const client of notPrometheus)
        expect({
          name,
          client: client.name,
          allowed: ingressAllowed(policies, client, pods.get(name)!, metricsPort),
        }).toEqual({ name, client: client.name, allowed: false });
    }
    for (const dependency of Object.keys(DEPENDENCY_PORTS)) {
      expect({
        dependency,
        prometheus: ingressAllowed(policies, prometheus, pods.get(dependency)!, portOf(dependency)),
      }).toEqual({ dependency, prometheus: false });
    }
  });

  it('lets the instances of PostgreSQL, Redis and NATS reach each other (replication, cluster routes)', () => {
    for (const dependency of Object.keys(DEPENDENCY_PORTS)) {
      const peer = { ...pods.get(dependency)!, name: `${dependency}-1` };
      expect(
        ingressAllowed(policies, peer, pods.get(dependency)!, dependency === 'nats' ? 6222 : portOf(dependency)),
      ).toBe(true);
    }
  });
});
