import type { Findings } from './config-walker';

type Node = Record<string, unknown>;

const HCM = 'envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager';
const TRANSCODER = 'envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder';
const JWT = 'envoy.extensions.filters.http.jwt_authn.v3.JwtAuthentication';
const HEALTH = 'envoy.extensions.filters.http.health_check.v3.HealthCheck';
const HEADER_MUTATION = 'envoy.extensions.filters.http.header_mutation.v3.HeaderMutation';
const ROUTER = 'envoy.extensions.filters.http.router.v3.Router';
const HTTP_OPTIONS = 'envoy.extensions.upstreams.http.v3.HttpProtocolOptions';

/** An HTTP connection manager's transcoder config and the routes it serves, for the descriptor check. */
export interface TranscoderUse {
  path: string;
  config: Node;
  /** Route prefixes (and exact paths) with the cluster each one names. */
  routes: Array<{ match: string; cluster: string }>;
}

/**
 * Checks what the schema cannot: every cluster a route, jwt_authn or health_check names exists
 * (and clusters are unique and their load_assignment names themselves); HTTP filters in a working
 * order (identity headers stripped before jwt_authn, jwt_authn before the transcoder, the router
 * last); per-filter configs name a filter of the chain; clusters that speak gRPC (health-checked
 * by gRPC or routed to by a transcoded service) use HTTP/2. Returns each transcoder it met.
 */
export function crossCheck(config: Node, findings: Findings): TranscoderUse[] {
  const error = (message: string) => findings.errors.push(message);
  const clusters = list(get(get(config, 'static_resources'), 'clusters'));
  const clusterNames = new Set<string>();
  for (const cluster of clusters) {
    const name = String(get(cluster, 'name'));
    if (clusterNames.has(name)) error(`cluster "${name}" is defined twice`);
    clusterNames.add(name);
    const assignment = get(get(cluster, 'load_assignment'), 'cluster_name');
    if (assignment !== undefined && assignment !== name)
      error(`cluster "${name}": load_assignment.cluster_name is "${String(assignment)}"`);
  }
  const needsCluster = (name: unknown, where: string) => {
    if (!clusterNames.has(String(name))) error(`${where}: cluster "${String(name)}" is not defined`);
  };
  const grpcClusters = new Set<string>();
  const transcoders: TranscoderUse[] = [];

  list(get(get(config, 'static_resources'), 'listeners')).forEach((listener, l) => {
    list(get(listener, 'filter_chains')).forEach((chain, c) => {
      list(get(chain, 'filters')).forEach((filter, f) => {
        const manager = get(filter, 'typed_config');
        if (typeOf(manager) !== HCM) return;
        const where = `listener ${l} chain ${c} filter ${f}`;
        const filters = list(get(manager, 'http_filters'));
        const types = filters.map((httpFilter) => typeOf(get(httpFilter, 'typed_config')));
        const names = new Set(filters.map((httpFilter) => String(get(httpFilter, 'name'))));
        const at = (type: string) => types.indexOf(type);
        if (types[types.length - 1] !== ROUTER) error(`${where}: the router must be the last HTTP filter`);
        if (at(JWT) >= 0 && at(TRANSCODER) >= 0 && at(JWT) > at(TRANSCODER))
          error(`${where}: jwt_authn must come before the gRPC-JSON transcoder (its rules match REST paths)`);
        if (at(JWT) >= 0 && at(HEADER_MUTATION) >= 0 && at(HEADER_MUTATION) > at(JWT))
          error(`${where}: header_mutation must come before jwt_authn`);

        const routes: TranscoderUse['routes'] = [];
        for (const host of list(get(get(manager, 'route_config'), 'virtual_hosts'))) {
          checkPerFilterNames(
            get(host, 'typed_per_filter_config'),
            names,
            `${where} virtual host ${String(get(host, 'name'))}`,
            error,
          );
          for (const route of list(get(host, 'routes'))) {
            const action = get(route, 'route');
            const match = get(route, 'match');
            checkPerFilterNames(
              get(route, 'typed_per_filter_config'),
              names,
              `${where} route ${JSON.stringify(match)}`,
              error,
            );
            if (!action) continue;
            const cluster = get(action, 'cluster');
            if (cluster !== undefined) {
              needsCluster(cluster, `${where} route ${JSON.stringify(match)}`);
              routes.push({
                match: String(get(match, 'prefix') ?? get(match, 'path') ?? ''),
                cluster: String(cluster),
              });
            }
            for (const weighted of list(get(get(action, 'weighted_clusters'), 'clusters')))
              needsCluster(get(weighted, 'name'), `${where} weighted route`);
          }
        }
        filters.forEach((httpFilter, i) => {
          const typed = get(httpFilter, 'typed_config');
          const filterWhere = `${where} http filter ${i} (${String(get(httpFilter, 'name'))})`;
          if (typeOf(typed) === JWT) {
            for (const provider of Object.values(asNode(get(typed, 'providers'))))
              needsCluster(get(get(get(provider, 'remote_jwks'), 'http_uri'), 'cluster'), filterWhere);
          }
          if (typeOf(typed) === HEALTH) {
            for (const cluster of Object.keys(asNode(get(typed, 'cluster_min_healthy_percentages'))))
              needsCluster(cluster, filterWhere);
          }
          if (typeOf(typed) === TRANSCODER) {
            transcoders.push({ path: filterWhere, config: asNode(typed), routes });
            for (const service of strings(get(typed, 'services'))) {
              const route = routes.find(
                (candidate) => `/${String(service)}/`.startsWith(candidate.match) && candidate.match !== '',
              );
              if (!route) error(`${filterWhere}: no route sends /${String(service)}/ to a cluster`);
              else grpcClusters.add(route.cluster);
            }
          }
        });
      });
    });
  });

  for (const cluster of clusters) {
    const name = String(get(cluster, 'name'));
    const grpcHealth = list(get(cluster, 'health_checks')).some(
      (check) => get(check, 'grpc_health_check') !== undefined,
    );
    if ((grpcHealth || grpcClusters.has(name)) && !speaksHttp2(cluster))
      error(`cluster "${name}" carries gRPC but is not HTTP/2 (explicit_http_config.http2_protocol_options)`);
  }
  return transcoders;
}

function speaksHttp2(cluster: Node): boolean {
  if (get(cluster, 'http2_protocol_options') !== undefined) return true;
  const options = Object.values(asNode(get(cluster, 'typed_extension_protocol_options'))).find(
    (option) => typeOf(option) === HTTP_OPTIONS,
  );
  return get(get(options, 'explicit_http_config'), 'http2_protocol_options') !== undefined;
}

function checkPerFilterNames(
  perFilter: unknown,
  names: Set<string>,
  where: string,
  error: (message: string) => void,
): void {
  for (const name of Object.keys(asNode(perFilter))) {
    if (!names.has(name))
      error(`${where}: typed_per_filter_config names "${name}", which is not an HTTP filter of this listener`);
  }
}

/** A member by its proto name or its lowerCamelCase JSON name (Envoy accepts both). */
function get(node: unknown, name: string): unknown {
  if (typeof node !== 'object' || node === null) return undefined;
  const record = node as Node;
  return record[name] ?? record[name.replace(/_([a-z0-9])/g, (_m, char: string) => char.toUpperCase())];
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value.filter((item) => typeof item === 'object' && item !== null) as Node[]) : [];
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Node) : {};
}

function typeOf(typed: unknown): string {
  const type = get(typed, '@type');
  return typeof type === 'string' ? type.slice(type.lastIndexOf('/') + 1) : '';
}
