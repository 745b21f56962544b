import { status } from '@grpc/grpc-js';

/** An error the gateway answers itself (not one from a service), with its HTTP status and gRPC code. */
export class GatewayError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly code: status,
    message: string,
  ) {
    super(message);
    this.name = 'GatewayError';
  }

  /** 400 INVALID_ARGUMENT: the request cannot be transcoded. */
  static badRequest(message: string): GatewayError {
    return new GatewayError(400, status.INVALID_ARGUMENT, message);
  }

  /** 404 NOT_FOUND: no route for the method and path. */
  static noRoute(verb: string, path: string): GatewayError {
    return new GatewayError(404, status.NOT_FOUND, `Could not resolve ${verb} ${path} to a method.`);
  }

  /** 413 with INVALID_ARGUMENT: the body is over the limit. */
  static tooLarge(limit: number): GatewayError {
    return new GatewayError(413, status.INVALID_ARGUMENT, `the request body is larger than ${limit} bytes`);
  }
}
