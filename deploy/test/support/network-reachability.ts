import type { K8sObject } from './kustomize';

/** A pod as NetworkPolicies see it; `namespace` undefined means a client outside the cluster. */
export interface Pod {
  name: string;
  namespace?: string;
  namespaceLabels?: Record<string, string>;
  labels: Record<string, string>;
  /** Named container ports, for policies that name a port. */
  namedPorts?: Record<string, number>;
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist'; values?: string[] }>;
}

/** Whether `selector` selects `labels` (an empty selector selects everything). */
export function selects(selector: LabelSelector | undefined, labels: Record<string, string>): boolean {
  if (!selector) return false;
  const byLabel = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => labels[key] === value);
  const byExpression = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In':
        return key in labels && values.includes(labels[key]);
      case 'NotIn':
        return !(key in labels) || !values.includes(labels[key]);
      case 'Exists':
        return key in labels;
      case 'DoesNotExist':
        return !(key in labels);
    }
  });
  return byLabel && byExpression;
}

/**
 * Whether the NetworkPolicies let a connection from `from` reach `to` on TCP `port`, by the rules of
 * the Kubernetes API: a pod no Ingress policy selects accepts everything; a selected pod accepts what
 * any rule of any policy selecting it allows.
 */
export function ingressAllowed(policies: K8sObject[], from: Pod, to: Pod, port: number): boolean {
  const isolating = policies.filter(
    (policy) =>
      policy.metadata.namespace === to.namespace &&
      selects(policy.spec.podSelector, to.labels) &&
      (policy.spec.policyTypes ?? ['Ingress']).includes('Ingress'),
  );
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    (policy.spec.ingress ?? []).some(
      (rule: { from?: unknown[]; ports?: unknown[] }) =>
        peerMatches(rule.from, policy.metadata.namespace, from) && portMatches(rule.ports, to, port),
    ),
  );
}

function peerMatches(peers: unknown[] | undefined, policyNamespace: string | undefined, from: Pod): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some((peer) => {
    const { podSelector, namespaceSelector, ipBlock } = peer as {
      podSelector?: LabelSelector;
      namespaceSelector?: LabelSelector;
      ipBlock?: unknown;
    };
    if (ipBlock) throw new Error('ipBlock peers are not modelled by this check');
    if (from.namespace === undefined) return false;
    const namespaceOk = namespaceSelector
      ? selects(namespaceSelector, from.namespaceLabels ?? {})
      : from.namespace === policyNamespace;
    const podOk = podSelector ? selects(podSelector, from.labels) : true;
    return namespaceOk && podOk;
  });
}

function portMatches(ports: unknown[] | undefined, to: Pod, port: number): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((entry) => {
    const {
      port: allowed,
      endPort,
      protocol = 'TCP',
    } = entry as { port?: number | string; endPort?: number; protocol?: string };
    if (protocol !== 'TCP') return false;
    if (allowed === undefined) return true;
    const number = typeof allowed === 'number' ? allowed : to.namedPorts?.[allowed];
    if (number === undefined) return false;
    return endPort ? port >= number && port <= endPort : port === number;
  });
}

/** The pods a Deployment or StatefulSet runs, as one representative Pod. */
export function podOf(workload: K8sObject): Pod {
  const namedPorts: Record<string, number> = {};
  for (const container of workload.spec.template.spec.containers) {
    for (const port of container.ports ?? []) if (port.name) namedPorts[port.name] = port.containerPort;
  }
  const namespace = workload.metadata.namespace;
  return {
    name: workload.metadata.name,
    namespace,
    namespaceLabels: namespace ? { 'kubernetes.io/metadata.name': namespace } : {},
    labels: workload.spec.template.metadata.labels,
    namedPorts,
  };
}
