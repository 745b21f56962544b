import { ofKind, overlayPath, renderKustomization, workloads } from './support/kustomize';
import { egressAllowed, type Destination } from './support/network-egress';
import { podOf, type Pod } from './support/network-reachability';

// Executors run jobs' http targets, which may name any address: the policies are evaluated for where an
// executor may connect. What it uses in the cluster, and the public internet; not the other pods, the
// cluster's Services and nodes, nor the cloud's metadata endpoint.
describe.each([
  ['dev', 'chrono-dev'],
  ['prod', 'chrono'],
])('executor egress, overlay %s', (overlay, namespace) => {
  const objects = renderKustomization(overlayPath(overlay));
  const policies = ofKind(objects, 'NetworkPolicy');
  const inNamespace = (labels: Record<string, string>): Pod => ({
    name: labels['app.kubernetes.io/name'] ?? 'pod',
    namespace,
    namespaceLabels: { 'kubernetes.io/metadata.name': namespace },
    labels,
  });
  const pods = new Map<string, Pod>(
    workloads(objects).map((w) => [w.spec.template.metadata.labels['app.kubernetes.io/name'], podOf(w)]),
  );
  for (const dependency of ['postgresql', 'redis', 'nats'])
    if (!pods.has(dependency)) pods.set(dependency, inNamespace({ 'app.kubernetes.io/name': dependency }));
  const executor = pods.get('executor')!;
  // Pod addresses of a typical cluster network; Services and nodes sit in private ranges too.
  const podAt = (name: string, index: number): Destination => ({ ip: `10.244.0.${index + 10}`, pod: pods.get(name) });
  const dns: Destination = {
    ip: '10.244.1.2',
    pod: {
      name: 'coredns',
      namespace: 'kube-system',
      namespaceLabels: { 'kubernetes.io/metadata.name': 'kube-system' },
      labels: { 'k8s-app': 'kube-dns' },
    },
  };
  const names = [...pods.keys()];

  it.each([
    ['nats', 4222],
    ['redis', 6379],
    ['auth', 50051],
  ])('lets an executor reach %s on %d', (name, port) => {
    expect(egressAllowed(policies, executor, podAt(name, names.indexOf(name)), port)).toBe(true);
  });

  it('lets an executor ask the cluster DNS, over UDP and TCP', () => {
    expect(egressAllowed(policies, executor, dns, 53, 'UDP')).toBe(true);
    expect(egressAllowed(policies, executor, dns, 53, 'TCP')).toBe(true);
  });

  it.each([
    ['93.184.215.14', 443],
    ['93.184.215.14', 8080],
    ['8.8.8.8', 80],
    ['2606:4700:4700::1111', 443],
  ])('lets an executor call public %s on %d', (ip, port) => {
    expect(egressAllowed(policies, executor, { ip }, port)).toBe(true);
  });

  it('keeps an executor from every other pod of chrono and its dependencies, on every port it serves', () => {
    const reachable = names
      .filter((name) => !['nats', 'redis', 'auth', 'executor'].includes(name))
      .flatMap((name) =>
        [5432, 6379, 4222, 8080, 9901, 50051, 50052, 50053, 50054, 9450, 9451, 9452, 9453]
          .filter((port) => egressAllowed(policies, executor, podAt(name, names.indexOf(name)), port))
          .map((port) => `${name}:${port}`),
      );
    expect(reachable).toEqual([]);
    expect(egressAllowed(policies, executor, podAt('auth', 0), 9451)).toBe(false);
    expect(egressAllowed(policies, executor, podAt('redis', 0), 22)).toBe(false);
  });

  it.each([
    ['169.254.169.254', 80, 'the cloud metadata endpoint'],
    ['10.96.0.1', 443, 'the Kubernetes API Service'],
    ['10.0.0.5', 10250, 'a node'],
    ['172.16.3.4', 80, 'a private address'],
    ['192.168.1.1', 80, 'a private address'],
    ['100.64.0.1', 80, 'a shared (carrier-grade NAT) address'],
    ['127.0.0.1', 80, 'loopback'],
    ['fd00::1', 80, 'a unique local IPv6 address'],
    ['fe80::1', 80, 'a link-local IPv6 address'],
    ['::ffff:10.0.0.1', 80, 'a private address written as IPv6'],
  ])('keeps an executor from %s:%d (%s)', (ip, port) => {
    expect(egressAllowed(policies, executor, { ip }, port)).toBe(false);
  });

  it('restricts only the executors: other pods keep their egress', () => {
    for (const name of names.filter((n) => n !== 'executor'))
      expect({ name, allowed: egressAllowed(policies, pods.get(name)!, { ip: '10.0.0.5' }, 443) }).toEqual({
        name,
        allowed: true,
      });
  });
});
