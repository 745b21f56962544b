import type { DescMethod, FileRegistry } from '@bufbuild/protobuf';
import { requireService } from '../descriptor/load-registry';
import { fieldByName, isBindableLeaf, resolveFieldPath } from '../transcoding/field-paths';
import { httpBindingsOf, httpRuleExtension, type HttpBinding } from './http-rules';
import { PathTemplate, type Segment } from './path-template';

/** A REST route: one binding of one RPC of one upstream service. */
export interface Route<U> {
  upstream: U;
  method: DescMethod;
  binding: HttpBinding;
  template: PathTemplate;
  /** The gRPC path the request is sent to: `/<package>.<Service>/<Method>`. */
  grpcPath: string;
}

/** A matched route and the decoded values of its path variables, keyed by dotted field path. */
export interface RouteMatch<U> {
  route: Route<U>;
  pathValues: Map<string, string>;
}

/**
 * Every REST route of the given services, built from the google.api.http rules in the descriptor
 * set: no route is written by hand. Methods without a rule are not reachable over REST (Envoy
 * without auto_mapping behaves the same).
 */
export class RouteTable<U extends { service: string }> {
  readonly routes: Route<U>[];

  constructor(registry: FileRegistry, upstreams: U[]) {
    const extension = httpRuleExtension(registry);
    const routes: Route<U>[] = [];
    for (const upstream of upstreams) {
      const service = requireService(registry, upstream.service);
      for (const method of service.methods) {
        if (method.methodKind !== 'unary') continue;
        for (const binding of httpBindingsOf(method, extension)) {
          const template = PathTemplate.parse(binding.path);
          checkBinding(method, binding, template);
          routes.push({ upstream, method, binding, template, grpcPath: `/${service.typeName}/${method.name}` });
        }
      }
    }
    // Most specific first: at the first segment where two templates differ, a literal beats `*`,
    // which beats `**` (how Envoy's path matcher prefers exact segments).
    this.routes = routes.sort((a, b) => compareSpecificity(a.template.segments, b.template.segments));
  }

  /** The route for a method and path; undefined when there is none (answered 404, like Envoy's reject_unknown_method). */
  match(verb: string, path: string): RouteMatch<U> | undefined {
    for (const route of this.routes) {
      if (route.binding.verb !== verb) continue;
      const pathValues = route.template.match(path);
      if (pathValues) return { route, pathValues };
    }
    return undefined;
  }

  /** The methods of the given services that have no HTTP rule (to warn about at start-up). */
  static unannotated(registry: FileRegistry, services: string[]): string[] {
    const extension = httpRuleExtension(registry);
    return services.flatMap((name) =>
      requireService(registry, name)
        .methods.filter((method) => httpBindingsOf(method, extension).length === 0)
        .map((method) => `${name}.${method.name}`),
    );
  }
}

// A rule that names a missing field is a broken contract: refuse to start, as Envoy does.
function checkBinding(method: DescMethod, binding: HttpBinding, template: PathTemplate): void {
  const where = `${method.parent.typeName}.${method.name} (${binding.verb} ${binding.path})`;
  for (const variable of template.variables) {
    const fields = resolveFieldPath(method.input, variable.fieldPath);
    const leaf = fields?.[fields.length - 1];
    if (!leaf || !isBindableLeaf(leaf) || leaf.fieldKind === 'list')
      throw new Error(
        `${where}: "${variable.fieldPath.join('.')}" is not a singular scalar field of ${method.input.typeName}`,
      );
  }
  if (binding.body && binding.body !== '*' && !fieldByName(method.input, binding.body))
    throw new Error(`${where}: body "${binding.body}" is not a field of ${method.input.typeName}`);
}

const RANK = { literal: 0, any: 1, rest: 2 } as const;

function compareSpecificity(a: Segment[], b: Segment[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const difference = RANK[a[i].kind] - RANK[b[i].kind];
    if (difference !== 0) return difference;
  }
  return b.length - a.length;
}
