import { BlockList, isIPv6 } from 'node:net';
import type { K8sObject } from './kustomize';
import { selects, type Pod } from './network-reachability';

/** Where a connection goes: a pod of the cluster (with its address), or an address outside. */
export interface Destination {
  ip: string;
  pod?: Pod;
}

interface Peer {
  podSelector?: Parameters<typeof selects>[0];
  namespaceSelector?: Parameters<typeof selects>[0];
  ipBlock?: { cidr: string; except?: string[] };
}

interface PortRule {
  port?: number;
  protocol?: string;
}

/**
 * Whether the NetworkPolicies let `from` open a connection to `to` on `port`/`protocol`, by the rules of
 * the Kubernetes API: a pod no Egress policy selects may connect anywhere; a selected pod only where a
 * rule of a policy selecting it allows (a pod peer by its labels and namespace, an ipBlock by address).
 */
export function egressAllowed(policies: K8sObject[], from: Pod, to: Destination, port: number, protocol = 'TCP') {
  const isolating = policies.filter(
    (policy) =>
      policy.metadata.namespace === from.namespace &&
      selects(policy.spec.podSelector, from.labels) &&
      (policy.spec.policyTypes ?? []).includes('Egress'),
  );
  if (isolating.length === 0) return true;
  return isolating.some((policy) =>
    (policy.spec.egress ?? []).some(
      (rule: { to?: Peer[]; ports?: PortRule[] }) =>
        peerMatches(rule.to, policy.metadata.namespace, to) && portMatches(rule.ports, port, protocol),
    ),
  );
}

function peerMatches(peers: Peer[] | undefined, policyNamespace: string | undefined, to: Destination): boolean {
  if (!peers || peers.length === 0) return true;
  return peers.some(({ podSelector, namespaceSelector, ipBlock }) => {
    if (ipBlock) return inBlock(ipBlock, to.ip);
    if (!to.pod) return false;
    const namespaceOk = namespaceSelector
      ? selects(namespaceSelector, to.pod.namespaceLabels ?? {})
      : to.pod.namespace === policyNamespace;
    return namespaceOk && (podSelector ? selects(podSelector, to.pod.labels) : true);
  });
}

function inBlock({ cidr, except = [] }: { cidr: string; except?: string[] }, ip: string): boolean {
  const family = isIPv6(ip) ? 'ipv6' : 'ipv4';
  const list = (cidrs: string[]) => {
    const blocks = new BlockList();
    for (const entry of cidrs) {
      const [network, prefix] = entry.split('/');
      if (isIPv6(network) === (family === 'ipv6')) blocks.addSubnet(network, Number(prefix), family);
    }
    return blocks;
  };
  return list([cidr]).check(ip, family) && !list(except).check(ip, family);
}

function portMatches(ports: PortRule[] | undefined, port: number, protocol: string): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some(
    (entry) => (entry.protocol ?? 'TCP') === protocol && (entry.port === undefined || entry.port === port),
  );
}
