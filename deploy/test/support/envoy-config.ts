import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from './components';

/** An upstream cluster of envoy.yaml: where it sends calls. */
export interface EnvoyCluster {
  name: string;
  type: string;
  host: string;
  port: number;
}

/** A route's or jwt_authn rule's match: exactly one of `path`, `prefix` and `safe_regex` (whole path). */
export interface EnvoyMatch {
  path?: string;
  prefix?: string;
  safe_regex?: { regex: string };
  /** Headers the request must carry too (the jwt_authn rule that lets API keys through). */
  headers?: unknown[];
}

/** A route of the listener, in order: where it sends what it matches, and whether the transcoder is off. */
export interface EnvoyRoute {
  match: EnvoyMatch;
  cluster?: string;
  transcoding: boolean;
}

/** Whether `match` takes `urlPath` as Envoy does (the query string is not part of it). */
export function matches(match: EnvoyMatch, urlPath: string): boolean {
  // The paths checked stand for requests with no special header (no API key): a rule needing one is not theirs.
  if (match.headers !== undefined) return false;
  if (match.path !== undefined) return urlPath === match.path;
  if (match.prefix !== undefined) return urlPath.startsWith(match.prefix);
  if (match.safe_regex) return new RegExp(`^(?:${match.safe_regex.regex})$`).test(urlPath);
  return false;
}

/** What the deploy checks need from gateway/envoy.yaml. */
export interface EnvoyConfig {
  listenerPorts: number[];
  adminPort: number;
  clusters: EnvoyCluster[];
  descriptorPath: string;
  jwtIssuer: string;
  jwtAudiences: string[];
  /** The listener's routes, in the order Envoy tries them (the first match wins). */
  routes: EnvoyRoute[];
  /** jwt_authn's rules, in order: the first match decides whether a token is required. */
  jwtRules: { match: EnvoyMatch; requiresToken: boolean }[];
  /** xff_num_trusted_hops of the HTTP connection manager (Envoy's default 0 when unset). */
  trustedProxyHops: number;
}

type Node = Record<string, unknown>;

/** Reads gateway/envoy.yaml (YAML anchors resolved). */
export function envoyConfig(file = path.join(repoRoot, 'gateway', 'envoy.yaml')): EnvoyConfig {
  const config = parse(readFileSync(file, 'utf8'), { merge: true }) as Node;
  const resources = config.static_resources as { listeners: Node[]; clusters: Node[] };
  const filters = findAll(config, (node) => typeof node.name === 'string' && node.typed_config !== undefined).map(
    (node) => node as { name: string; typed_config: Node },
  );
  const transcoder = filters.find((f) => f.name === 'envoy.filters.http.grpc_json_transcoder')?.typed_config;
  const jwt = filters.find((f) => f.name === 'envoy.filters.http.jwt_authn')?.typed_config as
    { providers?: Record<string, { issuer: string; audiences: string[] }>; rules?: Node[] } | undefined;
  const provider = Object.values(jwt?.providers ?? {})[0];
  const manager = filters.find((f) => f.name === 'envoy.filters.network.http_connection_manager')?.typed_config;
  return {
    listenerPorts: resources.listeners.map((listener) => socketOf(listener.address as Node).port),
    adminPort: socketOf((config.admin as Node).address as Node).port,
    clusters: resources.clusters.map((cluster) => {
      const endpoint = findAll(cluster.load_assignment, (node) => node.socket_address !== undefined)[0];
      const { host, port } = socketOf(endpoint);
      return { name: cluster.name as string, type: (cluster.type as string) ?? 'STATIC', host, port };
    }),
    descriptorPath: (transcoder?.proto_descriptor as string) ?? '',
    jwtIssuer: provider?.issuer ?? '',
    jwtAudiences: provider?.audiences ?? [],
    trustedProxyHops: (manager?.xff_num_trusted_hops as number | undefined) ?? 0,
    routes: findAll(manager?.route_config, (node) => Array.isArray(node.routes)).flatMap((host) =>
      (host.routes as Node[]).map((route) => ({
        match: route.match as EnvoyMatch,
        cluster: (route.route as Node | undefined)?.cluster as string | undefined,
        transcoding: !findAll(route.typed_per_filter_config, (node) => node.disabled === true).length,
      })),
    ),
    jwtRules: (jwt?.rules ?? []).map((rule) => ({ match: rule.match as EnvoyMatch, requiresToken: !!rule.requires })),
  };
}

function socketOf(address: Node): { host: string; port: number } {
  const socket = address.socket_address as { address: string; port_value: number };
  return { host: socket.address, port: socket.port_value };
}

/** Every object inside `root` (depth first) for which `match` holds. */
function findAll(root: unknown, match: (node: Node) => boolean): Node[] {
  if (Array.isArray(root)) return root.flatMap((item) => findAll(item, match));
  if (!root || typeof root !== 'object') return [];
  const node = root as Node;
  return [...(match(node) ? [node] : []), ...Object.values(node).flatMap((value) => findAll(value, match))];
}
