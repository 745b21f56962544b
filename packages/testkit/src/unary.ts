import { Metadata, type CallOptions, type ServiceError } from '@grpc/grpc-js';

// Matches the last overload of a ts-proto client method, which is the one TypeScript infers from.
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

/** Calls a ts-proto client method as a promise, with optional metadata such as `authorization`, and a 10 s deadline. */
export function unary<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  headers: Record<string, string> = {},
): Promise<Res> {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
  return new Promise((resolve, reject) =>
    method(request, metadata, { deadline: Date.now() + 10_000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    ),
  );
}

/** Calls a unary method expecting it to fail; resolves to the error (code and details). */
export async function unaryError<Req, Res>(
  method: UnaryMethod<Req, Res>,
  request: Req,
  headers: Record<string, string> = {},
): Promise<ServiceError> {
  try {
    await unary(method, request, headers);
  } catch (error) {
    return error as ServiceError;
  }
  throw new Error('expected the call to fail, but it succeeded');
}
