import type { DescMessage, JsonObject, JsonValue } from '@bufbuild/protobuf';
import { GatewayError } from '../gateway-error';

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Refuses Timestamp strings that name no real time, such as `2026-02-30T10:00:00Z`: the JSON parser
 * would roll them over into the next month, while Envoy's transcoder refuses them. Walks the JSON by
 * the message's schema; a bad value is a 400 naming its JSON path.
 */
export function checkTimestamps(message: DescMessage, json: JsonValue | undefined, prefix = ''): void {
  if (!isObject(json)) return;
  for (const field of message.fields) {
    const value = json[field.jsonName] ?? json[field.name];
    if (value === undefined || value === null || !field.message) continue;
    const path = `${prefix}${field.jsonName}`;
    const items = field.fieldKind === 'list' && Array.isArray(value) ? value : [value];
    for (const item of items) {
      if (field.message.typeName === 'google.protobuf.Timestamp') {
        if (typeof item === 'string' && !isRealTime(item))
          throw GatewayError.badRequest(`invalid value for "${path}": ${item} is not a valid RFC 3339 time`);
      } else if (!field.message.typeName.startsWith('google.protobuf.') && field.fieldKind !== 'map') {
        checkTimestamps(field.message, item, `${path}.`);
      }
    }
  }
}

/** True for an RFC 3339 time whose date and time of day exist (years 0001 to 9999). */
function isRealTime(text: string): boolean {
  const match = RFC3339.exec(text);
  if (!match) return true; // not for this check to judge: the JSON parser refuses what is not RFC 3339
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return (
    year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour < 24 && minute < 60 && second < 60
  );
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
