import { fromBinary, toBinary, toJson, type DescMessage, type JsonValue, type Registry } from '@bufbuild/protobuf';
import { status, type Metadata, type ServiceError } from '@grpc/grpc-js';
import type { Upstream } from '../config';
import { errorBody, httpStatusOf } from '../http/http-status';
import type { RouteMatch } from '../routing/route-table';
import type { UpstreamClients } from '../upstream/upstream-clients';
import { decodeRequest, type RestRequest } from './request-decoder';

/** A REST answer: status, JSON body and extra headers. */
export interface RestResponse {
  status: number;
  /** A JSON value: the response message, or an ErrorBody. */
  body: unknown;
  headers: Record<string, string>;
}

// Response metadata that clients need to see as HTTP headers.
const RESPONSE_HEADERS = ['retry-after'];

/**
 * Turns a routed REST request into a unary gRPC call and its answer back into JSON, as Envoy's
 * transcoder does with convert_grpc_status and always_print_primitive_fields: lowerCamelCase (or
 * json_name) fields, primitives printed at their defaults, unset messages and optional fields left
 * out; a gRPC error becomes its mapped HTTP status with a {code, message, details} body.
 */
export class Transcoder {
  constructor(
    private readonly registry: Registry,
    private readonly clients: UpstreamClients,
    private readonly timeoutMs: number,
  ) {}

  /** Throws GatewayError when the request cannot be transcoded; everything else is an answer. */
  async transcode({ route }: RouteMatch<Upstream>, request: RestRequest, metadata: Metadata): Promise<RestResponse> {
    const message = decodeRequest(route.method.input, route.binding, request, this.registry);
    const bytes = Buffer.from(toBinary(route.method.input, message));
    const outcome = await this.clients.call(route.upstream.target, route.grpcPath, bytes, metadata, this.timeoutMs);
    if (!outcome.ok) return this.errorResponse(outcome.error, route.upstream.name);
    const body = this.responseJson(route.method.output, outcome.bytes);
    if (body === undefined)
      return {
        status: 502,
        body: errorBody(status.INTERNAL, `the response of ${route.grpcPath} could not be read`),
        headers: {},
      };
    return { status: 200, body, headers: {} };
  }

  private responseJson(output: DescMessage, bytes: Buffer): JsonValue | undefined {
    try {
      return toJson(output, fromBinary(output, bytes), { registry: this.registry, alwaysEmitImplicit: true });
    } catch {
      return undefined;
    }
  }

  private errorResponse(error: ServiceError, upstream: string): RestResponse {
    const headers: Record<string, string> = {};
    for (const name of RESPONSE_HEADERS) {
      const value = error.metadata?.get(name)[0];
      if (typeof value === 'string') headers[name] = value;
    }
    const body = {
      ...errorBody(error.code, clientMessage(error, upstream)),
      details: this.statusDetails(error.metadata),
    };
    return { status: httpStatusOf(error.code), body, headers };
  }

  // Like Envoy, rich details sent as grpc-status-details-bin (a google.rpc.Status) are printed as JSON.
  private statusDetails(metadata: Metadata | undefined): JsonValue[] {
    const raw = metadata?.get('grpc-status-details-bin')[0];
    const statusType = this.registry.getMessage('google.rpc.Status');
    if (!Buffer.isBuffer(raw) || !statusType) return [];
    try {
      const json = toJson(statusType, fromBinary(statusType, raw), { registry: this.registry }) as {
        details?: JsonValue[];
      };
      return json.details ?? [];
    } catch {
      return [];
    }
  }
}

// Errors that grpc-js raises itself name internal addresses; say what Envoy would instead.
function clientMessage(error: ServiceError, upstream: string): string {
  const details = error.details ?? '';
  if (
    error.code === status.UNAVAILABLE &&
    /No connection established|Name resolution failed|ECONNREFUSED|Connection dropped/i.test(details)
  ) {
    return `no healthy upstream: ${upstream} is unavailable`;
  }
  if (error.code === status.DEADLINE_EXCEEDED && details.startsWith('Deadline exceeded'))
    return 'upstream request timeout';
  return details;
}
