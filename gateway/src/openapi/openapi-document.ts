import type { DescField, DescMessage, DescService } from '@bufbuild/protobuf';
import type { Route } from '../routing/route-table';
import { isBindableLeaf, resolveFieldPath } from '../transcoding/field-paths';
import { MessageSchemas, type Schema } from './message-schemas';
import { commentOf } from './source-comments';

const OPENAPI_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);
const ERROR_SCHEMA: Schema = {
  type: 'object',
  description:
    'An error: the gRPC status code (google.rpc.Code), its message and details. The HTTP status follows from the code.',
  properties: {
    code: { type: 'integer', format: 'int32' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object' } },
  },
};
// Message fields nest this deep at most in query parameter names (`a.b.c`).
const MAX_QUERY_DEPTH = 3;

/**
 * The OpenAPI 3 document of the REST API, generated from the same routes the gateway serves, with
 * each RPC's and field's proto comment as its description.
 */
export function buildOpenApiDocument(routes: Route<unknown>[]): Record<string, unknown> {
  const schemas = new MessageSchemas();
  const paths: Record<string, Record<string, unknown>> = {};
  const services = new Map<string, DescService>();
  const operationIds = new Set<string>();
  for (const route of routes) {
    const verb = route.binding.verb.toLowerCase();
    if (!OPENAPI_METHODS.has(verb)) continue;
    const { method } = route;
    services.set(method.parent.name, method.parent);
    let operationId = `${method.parent.name}_${method.name}`;
    for (let i = 2; operationIds.has(operationId); i++) operationId = `${method.parent.name}_${method.name}${i}`;
    operationIds.add(operationId);

    const pathFields = route.template.variables.map(
      (variable) => resolveFieldPath(method.input, variable.fieldPath) as DescField[],
    );
    const operation: Record<string, unknown> = {
      operationId,
      tags: [method.parent.name],
      summary: firstSentence(commentOf(method)),
      description: commentOf(method),
      parameters: [...pathParameters(route, pathFields, schemas), ...queryParameters(route, pathFields, schemas)],
      responses: {
        '200': {
          description: commentOf(method.output) ?? 'OK',
          content: { 'application/json': { schema: schemas.ref(method.output) } },
        },
        default: {
          description: 'An error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Status' } } },
        },
      },
    };
    const body = requestBody(route, pathFields, schemas);
    if (body) operation.requestBody = body;
    (paths[route.template.openApiPath] ??= {})[verb] = operation;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'chrono REST API',
      version: '1.0.0',
      description:
        'REST/JSON over the chrono gRPC services, transcoded from their google.api.http annotations. Errors are {code, message, details} with the HTTP status mapped from the gRPC code. Send `Authorization: Bearer <access_token>` from /auth/register or /auth/login, or `Authorization: Bearer <key>` with an API key from POST /auth/api-keys.',
    },
    tags: [...services.values()].map((service) => ({ name: service.name, description: commentOf(service) })),
    paths,
    components: {
      schemas: { ...schemas.components, Status: ERROR_SCHEMA },
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT or chrono_ak_ API key' } },
    },
    // A token is optional at the document level: each RPC's description says when it needs one.
    security: [{ bearerAuth: [] }, {}],
  };
}

function pathParameters(route: Route<unknown>, pathFields: DescField[][], schemas: MessageSchemas): Schema[] {
  return pathFields.map((fields) => {
    const leaf = fields[fields.length - 1];
    return {
      name: route.template.variables[pathFields.indexOf(fields)].fieldPath.join('.'),
      in: 'path',
      required: true,
      description: commentOf(leaf),
      schema: schemas.fieldSchema(leaf),
    };
  });
}

// Every field neither bound by the path nor carried by the body, as Envoy reads query parameters.
function queryParameters(route: Route<unknown>, pathFields: DescField[][], schemas: MessageSchemas): Schema[] {
  const { body } = route.binding;
  if (body === '*') return [];
  const bound = new Set(pathFields.filter((fields) => fields.length === 1).map((fields) => fields[0]));
  const parameters: Schema[] = [];
  const visit = (message: DescMessage, prefix: string, depth: number) => {
    for (const field of message.fields) {
      if (depth === 0 && (bound.has(field) || field.name === body)) continue;
      const name = `${prefix}${field.jsonName}`;
      if (isBindableLeaf(field)) {
        const schema = schemas.fieldSchema(field);
        parameters.push({
          name,
          in: 'query',
          required: false,
          description: schema.description,
          schema,
          ...(field.fieldKind === 'list' ? { style: 'form', explode: true } : {}),
        });
      } else if (field.fieldKind === 'message' && depth + 1 < MAX_QUERY_DEPTH) {
        visit(field.message, `${name}.`, depth + 1);
      }
    }
  };
  visit(route.method.input, '', 0);
  return parameters;
}

function requestBody(route: Route<unknown>, pathFields: DescField[][], schemas: MessageSchemas): Schema | undefined {
  const { body } = route.binding;
  const { input } = route.method;
  if (!body) return undefined;
  if (body !== '*') {
    const field = input.fields.find((candidate) => candidate.name === body) as DescField;
    return { required: true, content: { 'application/json': { schema: schemas.fieldSchema(field) } } };
  }
  const omit = pathFields.filter((fields) => fields.length === 1).map((fields) => fields[0]);
  const schema = omit.length ? schemas.objectSchema(input, omit) : schemas.ref(input);
  const empty = input.fields.every((field) => omit.includes(field));
  return { required: !empty, content: { 'application/json': { schema } } };
}

function firstSentence(text: string | undefined): string | undefined {
  return text?.split(/(?<=\.)\s/)[0].replace(/\n/g, ' ');
}
