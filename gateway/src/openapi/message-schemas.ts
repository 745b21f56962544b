import { ScalarType, type DescField, type DescMessage } from '@bufbuild/protobuf';
import { commentOf } from './source-comments';

/** An OpenAPI 3.0 schema object (only the members this generator writes). */
export type Schema = Record<string, unknown>;

// Well-known types in their proto3 JSON form.
const WKT_SCHEMAS: Record<string, Schema> = {
  'google.protobuf.Timestamp': { type: 'string', format: 'date-time' },
  'google.protobuf.Duration': { type: 'string', example: '1.5s' },
  'google.protobuf.FieldMask': { type: 'string' },
  'google.protobuf.Struct': { type: 'object', additionalProperties: true },
  'google.protobuf.Value': {},
  'google.protobuf.ListValue': { type: 'array', items: {} },
  'google.protobuf.Empty': { type: 'object' },
  'google.protobuf.Any': { type: 'object', properties: { '@type': { type: 'string' } }, additionalProperties: true },
};

const SCALAR_SCHEMAS: Record<ScalarType, Schema> = {
  [ScalarType.STRING]: { type: 'string' },
  [ScalarType.BOOL]: { type: 'boolean' },
  [ScalarType.BYTES]: { type: 'string', format: 'byte' },
  [ScalarType.DOUBLE]: { type: 'number', format: 'double' },
  [ScalarType.FLOAT]: { type: 'number', format: 'float' },
  [ScalarType.INT32]: { type: 'integer', format: 'int32' },
  [ScalarType.SINT32]: { type: 'integer', format: 'int32' },
  [ScalarType.SFIXED32]: { type: 'integer', format: 'int32' },
  [ScalarType.UINT32]: { type: 'integer', format: 'int64', minimum: 0 },
  [ScalarType.FIXED32]: { type: 'integer', format: 'int64', minimum: 0 },
  // 64-bit integers are JSON strings in the proto3 mapping.
  [ScalarType.INT64]: { type: 'string', format: 'int64' },
  [ScalarType.SINT64]: { type: 'string', format: 'int64' },
  [ScalarType.SFIXED64]: { type: 'string', format: 'int64' },
  [ScalarType.UINT64]: { type: 'string', format: 'uint64' },
  [ScalarType.FIXED64]: { type: 'string', format: 'uint64' },
};

const WRAPPER = /^google\.protobuf\.(\w+)Value$/;

/**
 * Collects `components.schemas` for messages, named by their full proto name, with the proto
 * comments as descriptions. Referenced messages are added as they are met.
 */
export class MessageSchemas {
  readonly components: Record<string, Schema> = {};

  /** A `$ref` to the message's component (or the inline schema of a well-known type). */
  ref(message: DescMessage): Schema {
    const wkt = wellKnownSchema(message);
    if (wkt) return wkt;
    if (!this.components[message.typeName]) {
      this.components[message.typeName] = {}; // placeholder first: messages may refer to themselves
      this.components[message.typeName] = this.objectSchema(message, []);
    }
    return { $ref: `#/components/schemas/${message.typeName}` };
  }

  /** The object schema of a message without the `omit`ted fields (those bound by a path). */
  objectSchema(message: DescMessage, omit: DescField[]): Schema {
    const properties: Record<string, Schema> = {};
    for (const field of message.fields) {
      if (!omit.includes(field)) properties[field.jsonName] = this.fieldSchema(field);
    }
    return withDescription({ type: 'object', properties }, commentOf(message));
  }

  /** The schema of one field's JSON value (a list, a map or a single value), described by its comment. */
  fieldSchema(field: DescField): Schema {
    const value = this.valueSchema(field);
    const schema =
      field.fieldKind === 'list'
        ? { type: 'array', items: value }
        : field.fieldKind === 'map'
          ? { type: 'object', additionalProperties: value }
          : value;
    const description = commentOf(field);
    if (!description) return schema;
    // A sibling of $ref is ignored in OpenAPI 3.0, so a described reference is wrapped in allOf.
    return '$ref' in schema ? { allOf: [schema], description } : { ...schema, description };
  }

  private valueSchema(field: DescField): Schema {
    if (field.enum) return { type: 'string', enum: field.enum.values.map((value) => value.name) };
    if (field.message) return this.ref(field.message);
    return { ...SCALAR_SCHEMAS[field.scalar] };
  }
}

function wellKnownSchema(message: DescMessage): Schema | undefined {
  const known = WKT_SCHEMAS[message.typeName];
  if (known) return { ...known };
  const wrapper = WRAPPER.exec(message.typeName);
  const inner = message.fields[0];
  if (wrapper && inner?.scalar !== undefined) return { ...SCALAR_SCHEMAS[inner.scalar], nullable: true };
  return undefined;
}

function withDescription(schema: Schema, description: string | undefined): Schema {
  return description ? { ...schema, description } : schema;
}
