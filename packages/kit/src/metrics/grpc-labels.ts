/** The labels that name one RPC, as go-grpc-prometheus writes them. */
export interface RpcLabels {
  /** `unary`, `client_stream`, `server_stream` or `bidi_stream`. */
  grpc_type: string;
  /** The fully qualified service, e.g. `chrono.catalog.v1.JobService`. */
  grpc_service: string;
  grpc_method: string;
}

/** The labels of the RPC at `path` (`/<package>.<Service>/<Method>`). */
export function rpcLabels(path: string, requestStream: boolean, responseStream: boolean): RpcLabels {
  const slash = path.lastIndexOf('/');
  return {
    grpc_type: rpcType(requestStream, responseStream),
    grpc_service: path.slice(1, slash),
    grpc_method: path.slice(slash + 1),
  };
}

function rpcType(requestStream: boolean, responseStream: boolean): string {
  if (requestStream) return responseStream ? 'bidi_stream' : 'client_stream';
  return responseStream ? 'server_stream' : 'unary';
}

// Go's names of the codes (codes.Code.String()), which is what go-grpc-prometheus puts in grpc_code:
// dashboards and alerts written for the gRPC ecosystem match on these.
const CODE_NAMES = [
  'OK',
  'Canceled',
  'Unknown',
  'InvalidArgument',
  'DeadlineExceeded',
  'NotFound',
  'AlreadyExists',
  'PermissionDenied',
  'ResourceExhausted',
  'FailedPrecondition',
  'Aborted',
  'OutOfRange',
  'Unimplemented',
  'Internal',
  'Unavailable',
  'DataLoss',
  'Unauthenticated',
];

/** Every value grpc_code can take. */
export const GRPC_CODE_NAMES: readonly string[] = CODE_NAMES;

/** The grpc_code label of a status code; a number outside the 17 codes counts as `Unknown`. */
export function grpcCodeName(code: number): string {
  return CODE_NAMES[code] ?? 'Unknown';
}
