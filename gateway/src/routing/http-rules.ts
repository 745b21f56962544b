import { getExtension, hasExtension, type DescExtension, type DescMethod, type Registry } from '@bufbuild/protobuf';

/** One REST binding of an RPC, as a google.api.http rule (or one of its additional_bindings) states it. */
export interface HttpBinding {
  /** Upper-case HTTP method: GET, POST, PUT, PATCH, DELETE, or a custom kind. */
  verb: string;
  /** The path template, e.g. `/jobs/{id}`. */
  path: string;
  /** `*`, the name of one request field, or '' for no body. */
  body: string;
}

// The dynamic shape of google.api.HttpRule as @bufbuild/protobuf reads it from the descriptor.
interface HttpRuleShape {
  pattern:
    | { case: 'get' | 'put' | 'post' | 'delete' | 'patch'; value: string }
    | { case: 'custom'; value: { kind: string; path: string } }
    | { case: undefined };
  body: string;
  additionalBindings: HttpRuleShape[];
}

/** The google.api.http extension, from a registry built with google/api/annotations.proto. */
export function httpRuleExtension(registry: Registry): DescExtension {
  const extension = registry.getExtension('google.api.http');
  if (!extension) throw new Error('the descriptor set lacks google/api/annotations.proto (google.api.http)');
  return extension;
}

/** The REST bindings of a method: its rule and its additional_bindings; empty when it has no rule. */
export function httpBindingsOf(method: DescMethod, extension: DescExtension): HttpBinding[] {
  const options = method.proto.options;
  if (!options || !hasExtension(options, extension)) return [];
  const value: unknown = getExtension(options, extension);
  const rule = value as HttpRuleShape;
  return [rule, ...rule.additionalBindings].flatMap((binding) => {
    const { pattern } = binding;
    if (pattern.case === undefined) return [];
    if (pattern.case === 'custom')
      return [{ verb: pattern.value.kind.toUpperCase(), path: pattern.value.path, body: binding.body }];
    return [{ verb: pattern.case.toUpperCase(), path: pattern.value, body: binding.body }];
  });
}
