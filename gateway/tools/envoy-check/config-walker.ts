import * as protobuf from 'protobufjs';

/** What a check found: errors make a config unusable, warnings deserve a look. */
export interface Findings {
  errors: string[];
  warnings: string[];
}

const DURATION = /^-?\d+(\.\d{1,9})?s$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d)$/;
const INTEGER = /^-?\d+$/;
const INT_TYPES = new Set([
  'int32',
  'uint32',
  'sint32',
  'fixed32',
  'sfixed32',
  'int64',
  'uint64',
  'sint64',
  'fixed64',
  'sfixed64',
]);
const SCALAR_WRAPPERS: Record<string, string> = {
  DoubleValue: 'double',
  FloatValue: 'float',
  Int64Value: 'int64',
  UInt64Value: 'uint64',
  Int32Value: 'int32',
  UInt32Value: 'uint32',
  BoolValue: 'bool',
  StringValue: 'string',
  BytesValue: 'bytes',
};

/**
 * Walks a config object (parsed YAML) against a protobuf message type the way Envoy reads proto3
 * JSON: proto or lowerCamelCase names, Any resolved by its @type, well-known types in their JSON
 * form. Reports unknown fields, wrong types, bad enum names and durations, more than one member
 * of a oneof, deprecated fields, and a subset of the protoc-gen-validate rules (required
 * messages and oneofs, string min_len, repeated min_items, numeric bounds).
 */
export class ConfigWalker {
  constructor(
    private readonly root: protobuf.Root,
    private readonly findings: Findings,
  ) {}

  /** Walks `value` as a `typeName` message, reporting under `path`. */
  walk(typeName: string, value: unknown, path: string): void {
    this.message(this.root.lookupType(typeName), value, path);
  }

  private message(type: protobuf.Type, value: unknown, path: string): void {
    const name = type.fullName.slice(1);
    if (name.startsWith('google.protobuf.') && this.wellKnown(name.slice(16), value, path)) return;
    if (!isObject(value)) return this.error(path, `expected an object (${name}), got ${describe(value)}`);
    const fields = new Map<string, protobuf.Field>();
    for (const [key, member] of Object.entries(value)) {
      const field = type.fields[key] ?? type.fieldsArray.find((candidate) => lowerCamel(candidate.name) === key);
      if (!field) {
        this.error(`${path}.${key}`, `unknown field "${key}" in ${name}`);
        continue;
      }
      fields.set(field.name, field);
      if (field.options?.deprecated) this.findings.warnings.push(`${path}.${key}: ${name}.${field.name} is deprecated`);
      this.field(field, member, `${path}.${key}`);
    }
    for (const field of type.fieldsArray) {
      if (!fields.has(field.name) && !field.partOf) this.absentRules(field, `${path}.${field.name}`);
    }
    for (const oneof of type.oneofsArray) {
      const set = oneof.oneof.filter((member) => fields.has(member));
      if (set.length > 1)
        this.error(path, `only one of ${oneof.oneof.join(', ')} may be set in ${name}, got ${set.join(' and ')}`);
      if (set.length === 0 && oneof.options?.['(validate.required)'])
        this.error(path, `one of ${oneof.oneof.join(', ')} is required in ${name}`);
    }
  }

  private field(field: protobuf.Field, value: unknown, path: string): void {
    if (field instanceof protobuf.MapField) {
      if (!isObject(value)) return this.error(path, `expected a map, got ${describe(value)}`);
      for (const [key, item] of Object.entries(value)) this.value(field, item, `${path}.${key}`);
      return;
    }
    if (field.repeated) {
      if (!Array.isArray(value)) return this.error(path, `expected a list, got ${describe(value)}`);
      const minItems = field.options?.['(validate.rules).repeated.min_items'];
      if (typeof minItems === 'number' && value.length < minItems)
        this.error(path, `needs at least ${minItems} item(s)`);
      value.forEach((item, i) => this.value(field, item, `${path}[${i}]`));
      return;
    }
    this.value(field, value, path);
  }

  private value(field: protobuf.Field, value: unknown, path: string): void {
    if (value === null) return; // null is the default value in proto3 JSON
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Type) return this.message(resolved, value, path);
    if (resolved instanceof protobuf.Enum) {
      const ok =
        (typeof value === 'string' && value in resolved.values) ||
        (typeof value === 'number' && Object.values(resolved.values).includes(value));
      if (!ok) this.error(path, `"${String(value)}" is not one of ${Object.keys(resolved.values).join(', ')}`);
      return;
    }
    this.scalar(field.type, value, path);
    this.scalarRules(field, value, path);
  }

  private scalar(type: string, value: unknown, path: string): void {
    const ok =
      type === 'string' || type === 'bytes'
        ? typeof value === 'string'
        : type === 'bool'
          ? typeof value === 'boolean'
          : INT_TYPES.has(type)
            ? (typeof value === 'number' && Number.isInteger(value)) ||
              (typeof value === 'string' && INTEGER.test(value))
            : typeof value === 'number' || (typeof value === 'string' && !Number.isNaN(Number(value)));
    if (!ok) this.error(path, `expected ${type}, got ${describe(value)}`);
    if (ok && type.startsWith('uint') && Number(value) < 0) this.error(path, `expected ${type}, got a negative number`);
  }

  // Well-known types have JSON forms of their own; true when `name` was one of them.
  private wellKnown(name: string, value: unknown, path: string): boolean {
    if (name === 'Duration') {
      if (typeof value !== 'string' || !DURATION.test(value))
        this.error(path, `expected a duration such as "2s" or "0.5s", got ${describe(value)}`);
    } else if (name === 'Timestamp') {
      if (typeof value !== 'string' || !TIMESTAMP.test(value))
        this.error(path, `expected an RFC 3339 time, got ${describe(value)}`);
    } else if (name in SCALAR_WRAPPERS) {
      this.scalar(SCALAR_WRAPPERS[name], value, path);
    } else if (name === 'Struct') {
      if (!isObject(value)) this.error(path, `expected an object, got ${describe(value)}`);
    } else if (name === 'ListValue') {
      if (!Array.isArray(value)) this.error(path, `expected a list, got ${describe(value)}`);
    } else if (name === 'Any') {
      this.any(value, path);
    } else if (name !== 'Value' && name !== 'Empty') {
      return false;
    }
    return true;
  }

  private any(value: unknown, path: string): void {
    if (!isObject(value) || typeof value['@type'] !== 'string')
      return this.error(path, 'expected an object with "@type"');
    const typeName = value['@type'].slice(value['@type'].lastIndexOf('/') + 1);
    const type = this.root.lookup(typeName);
    if (!(type instanceof protobuf.Type)) return this.error(path, `unknown @type "${value['@type']}"`);
    const { '@type': _ignored, ...rest } = value;
    this.message(type, rest, path);
  }

  private scalarRules(field: protobuf.Field, value: unknown, path: string): void {
    const rules = field.options ?? {};
    const minLen = rules['(validate.rules).string.min_len'] ?? rules['(validate.rules).string.min_bytes'];
    if (typeof minLen === 'number' && typeof value === 'string' && value.length < minLen)
      this.error(path, `must be at least ${minLen} character(s)`);
    const number = Number(value);
    for (const [rule, holds] of [
      ['gt', (b: number) => number > b],
      ['gte', (b: number) => number >= b],
      ['lt', (b: number) => number < b],
      ['lte', (b: number) => number <= b],
    ] as const) {
      const bound = rules[`(validate.rules).${field.type}.${rule}`];
      if (typeof bound === 'number' && !holds(bound))
        this.error(path, `must be ${rule} ${bound}, got ${String(value)}`);
    }
  }

  // PGV checks a field's default value too: a required message, a non-empty string or list.
  private absentRules(field: protobuf.Field, path: string): void {
    const rules = field.options ?? {};
    if (rules['(validate.rules).message.required']) this.error(path, 'is required');
    const minLen = rules['(validate.rules).string.min_len'] ?? rules['(validate.rules).string.min_bytes'];
    if (typeof minLen === 'number' && minLen > 0) this.error(path, 'is required (a non-empty string)');
    const minItems = rules['(validate.rules).repeated.min_items'];
    if (typeof minItems === 'number' && minItems > 0) this.error(path, `is required (at least ${minItems} item(s))`);
  }

  private error(path: string, message: string): void {
    this.findings.errors.push(`${path}: ${message}`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function lowerCamel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_match, char: string) => char.toUpperCase());
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : isObject(value) ? 'an object' : JSON.stringify(value);
}
