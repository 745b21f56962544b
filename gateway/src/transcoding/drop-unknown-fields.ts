import type { DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';
import { fieldByName } from './field-paths';

/**
 * A copy of a JSON request body without the members that name no field of `message`, at any
 * depth. Envoy's transcoder drops unknown body fields silently (envoyproxy/envoy#46623); doing the
 * same here, then parsing strictly, keeps type errors and bad enum names as 400s.
 */
export function dropUnknownFields(message: DescMessage, json: JsonValue): JsonValue {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return json;
  // Well-known types have JSON forms of their own (Struct is any object, Any carries "@type").
  if (message.typeName.startsWith('google.protobuf.')) return json;
  const kept: JsonObject = {};
  for (const [key, value] of Object.entries(json)) {
    const field = fieldByName(message, key);
    if (!field) continue;
    if (field.message === undefined || value === null) kept[key] = value;
    else if (field.fieldKind === 'list')
      kept[key] = Array.isArray(value) ? value.map((item) => dropUnknownFields(field.message, item)) : value;
    else if (field.fieldKind === 'map') kept[key] = mapValues(value, (item) => dropUnknownFields(field.message, item));
    else kept[key] = dropUnknownFields(field.message, value);
  }
  return kept;
}

function mapValues(value: JsonValue, transform: (item: JsonValue) => JsonValue): JsonValue {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, transform(item)]));
}
