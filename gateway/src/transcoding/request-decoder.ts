import {
  fromJson,
  mergeFromJson,
  type DescField,
  type DescMessage,
  type JsonObject,
  type JsonValue,
  type Message,
  type Registry,
} from '@bufbuild/protobuf';
import { GatewayError } from '../gateway-error';
import type { HttpBinding } from '../routing/http-rules';
import { dropUnknownFields } from './drop-unknown-fields';
import { fieldByName, isBindableLeaf, jsonValueOf, resolveFieldPath, setJsonPath } from './field-paths';
import { checkTimestamps } from './timestamp-check';

/** What a request brings besides its route: the path variables, the query string and the raw body. */
export interface RestRequest {
  pathValues: Map<string, string>;
  query: URLSearchParams;
  body: Buffer;
}

/**
 * Builds the gRPC request message of a REST request the way Envoy's transcoder does: path
 * variables, then query parameters (fields bound neither by the path nor the body; proto or JSON
 * names, dotted for nested fields, repeated keys for repeated fields), then the JSON body per the
 * rule's `body`. Every problem is a GatewayError 400 naming the field.
 */
export function decodeRequest(
  input: DescMessage,
  binding: HttpBinding,
  request: RestRequest,
  registry: Registry,
): Message {
  const bound: JsonObject = {};
  const pathFields = [...request.pathValues].map(([path, value]) => {
    const fields = resolveFieldPath(input, path.split('.')) as DescField[];
    setJsonPath(bound, fields, jsonValueOf(fields[fields.length - 1], value));
    return fields;
  });
  for (const name of new Set(request.query.keys())) {
    const fields = queryFields(input, binding, name, pathFields);
    const leaf = fields[fields.length - 1];
    const values = request.query.getAll(name).map((text) => jsonValueOf(leaf, text));
    setJsonPath(bound, fields, leaf.fieldKind === 'list' ? values : values[values.length - 1]);
  }
  checkTimestamps(input, bound);
  const message = parse(input, bound, registry, () => fromJson(input, bound, { registry }));
  if (binding.body === '*') {
    const body = parseBody(request.body) ?? {};
    if (!isObject(body)) throw GatewayError.badRequest('the request body must be a JSON object');
    for (const fields of pathFields) {
      if (hasPath(body, fields))
        throw GatewayError.badRequest(
          `"${fields.map((f) => f.jsonName).join('.')}" is set by the path and must not be in the body`,
        );
    }
    const known = dropUnknownFields(input, body) as JsonObject;
    checkTimestamps(input, known);
    parse(input, known, registry, () => mergeFromJson(input, message, known, { registry }));
  } else if (binding.body) {
    const body = parseBody(request.body);
    const field = fieldByName(input, binding.body) as DescField;
    if (body !== undefined) {
      const value = field.message && field.fieldKind !== 'map' ? strip(field, body) : body;
      const json = { [field.jsonName]: value };
      checkTimestamps(input, json);
      parse(input, json, registry, () => mergeFromJson(input, message, json, { registry }));
    }
  }
  return message;
}

function queryFields(input: DescMessage, binding: HttpBinding, name: string, pathFields: DescField[][]): DescField[] {
  const fields = binding.body === '*' ? undefined : resolveFieldPath(input, name.split('.'));
  const usable =
    fields !== undefined &&
    isBindableLeaf(fields[fields.length - 1]) &&
    fields[0].name !== binding.body &&
    !pathFields.some((bound) => bound.length === fields.length && bound.every((field, i) => field === fields[i]));
  if (!usable) throw GatewayError.badRequest(`Could not find field "${name}" in the type "${input.typeName}".`);
  return fields;
}

function parseBody(body: Buffer): JsonValue | undefined {
  const text = body.toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw GatewayError.badRequest(`the request body is not valid JSON: ${(error as Error).message}`);
  }
}

function strip(field: DescField, body: JsonValue): JsonValue {
  const message = field.message as DescMessage;
  return field.fieldKind === 'list' && Array.isArray(body)
    ? body.map((item) => dropUnknownFields(message, item))
    : dropUnknownFields(message, body);
}

function hasPath(json: JsonObject, fields: DescField[]): boolean {
  let node: JsonValue | undefined = json;
  for (const field of fields) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
    node = node[field.jsonName] ?? node[field.name];
    if (node === undefined) return false;
  }
  return true;
}

// fromJson explains what is wrong but, inside a well-known type, not where: the answer names the
// JSON path of the member that fails on its own.
function parse<T>(input: DescMessage, json: JsonObject, registry: Registry, run: () => T): T {
  try {
    return run();
  } catch (error) {
    const where = failingPath(input, json, registry);
    throw GatewayError.badRequest(
      where ? `invalid value for "${where}": ${(error as Error).message}` : (error as Error).message,
    );
  }
}

function failingPath(message: DescMessage, json: JsonObject, registry: Registry): string | undefined {
  for (const [key, value] of Object.entries(json)) {
    try {
      fromJson(message, { [key]: value }, { registry });
    } catch {
      const field = fieldByName(message, key);
      if (!field) return key;
      const nested =
        field.fieldKind === 'message' && !field.message.typeName.startsWith('google.protobuf.') && isObject(value);
      const inner = nested ? failingPath(field.message, value, registry) : undefined;
      return inner ? `${field.jsonName}.${inner}` : field.jsonName;
    }
  }
  return undefined;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
