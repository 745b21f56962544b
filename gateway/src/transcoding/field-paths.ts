import { ScalarType, type DescField, type DescMessage, type JsonObject, type JsonValue } from '@bufbuild/protobuf';

// Well-known message types whose JSON form is a string or a bare primitive, so a path or query value can fill them.
const STRING_WKTS = new Set(['google.protobuf.Timestamp', 'google.protobuf.Duration', 'google.protobuf.FieldMask']);
const WRAPPERS = new Set(
  [
    'DoubleValue',
    'FloatValue',
    'Int64Value',
    'UInt64Value',
    'Int32Value',
    'UInt32Value',
    'BoolValue',
    'StringValue',
    'BytesValue',
  ].map((name) => `google.protobuf.${name}`),
);

/** A field found by name: by its proto name (`from_date`) or its JSON name (`fromDate`), as Envoy does. */
export function fieldByName(message: DescMessage, name: string): DescField | undefined {
  return message.fields.find((field) => field.name === name) ?? message.fields.find((field) => field.jsonName === name);
}

/**
 * Resolves a dotted path (`target.http.url`) through nested singular messages to its fields.
 * Undefined when a name is unknown or a step before the last is not a singular message.
 */
export function resolveFieldPath(message: DescMessage, path: string[]): DescField[] | undefined {
  const fields: DescField[] = [];
  let current: DescMessage | undefined = message;
  for (const name of path) {
    const field: DescField | undefined = current ? fieldByName(current, name) : undefined;
    if (!field) return undefined;
    fields.push(field);
    current = field.fieldKind === 'message' ? field.message : undefined;
  }
  return fields;
}

/** True when a path or query value can fill the field: a scalar, an enum, or a string-like well-known type. */
export function isBindableLeaf(field: DescField): boolean {
  if (field.fieldKind === 'map') return false;
  if (field.scalar !== undefined || field.enum !== undefined) return true;
  return STRING_WKTS.has(field.message.typeName) || WRAPPERS.has(field.message.typeName);
}

/**
 * The proto3 JSON form of a text value (from a path or query string) for a field, which
 * `fromJson` then checks: numbers stay strings (the JSON mapping accepts both), booleans and enum
 * numbers are converted.
 */
export function jsonValueOf(field: DescField, text: string): JsonValue {
  const scalar = field.scalar ?? wrappedScalar(field);
  if (scalar === ScalarType.BOOL) return text === 'true' ? true : text === 'false' ? false : text;
  if (field.enum !== undefined && /^-?\d+$/.test(text)) return Number(text);
  return text;
}

/** Sets `value` at the JSON names of `fields` inside `target`, creating the nested objects on the way. */
export function setJsonPath(target: JsonObject, fields: DescField[], value: JsonValue): void {
  let node = target;
  for (const field of fields.slice(0, -1)) {
    const next = node[field.jsonName];
    node = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : (node[field.jsonName] = {});
  }
  node[fields[fields.length - 1].jsonName] = value;
}

function wrappedScalar(field: DescField): ScalarType | undefined {
  const message = field.message;
  if (!message || !WRAPPERS.has(message.typeName)) return undefined;
  return message.fields[0]?.scalar;
}
