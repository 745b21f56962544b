import { status } from '@grpc/grpc-js';

// The table of Envoy's Grpc::Utility::grpcToHttpStatus and grpc-gateway v2 (Google API design guide).
const HTTP_STATUS: Record<number, number> = {
  [status.OK]: 200,
  [status.CANCELLED]: 499,
  [status.UNKNOWN]: 500,
  [status.INVALID_ARGUMENT]: 400,
  [status.DEADLINE_EXCEEDED]: 504,
  [status.NOT_FOUND]: 404,
  [status.ALREADY_EXISTS]: 409,
  [status.PERMISSION_DENIED]: 403,
  [status.RESOURCE_EXHAUSTED]: 429,
  [status.FAILED_PRECONDITION]: 400,
  [status.ABORTED]: 409,
  [status.OUT_OF_RANGE]: 400,
  [status.UNIMPLEMENTED]: 501,
  [status.INTERNAL]: 500,
  [status.UNAVAILABLE]: 503,
  [status.DATA_LOSS]: 500,
  [status.UNAUTHENTICATED]: 401,
};

/** The HTTP status for a gRPC status code; 500 for a code outside the table. */
export function httpStatusOf(code: number): number {
  return HTTP_STATUS[code] ?? 500;
}

/** The JSON error body, google.rpc.Status as Envoy prints it with convert_grpc_status. */
export interface ErrorBody {
  code: number;
  message: string;
  details: unknown[];
}

export function errorBody(code: number, message: string): ErrorBody {
  return { code, message, details: [] };
}
