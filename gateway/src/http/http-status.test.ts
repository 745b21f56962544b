import { status } from '@grpc/grpc-js';
import { errorBody, httpStatusOf } from './http-status';

describe('httpStatusOf', () => {
  it.each([
    [status.OK, 200],
    [status.CANCELLED, 499],
    [status.UNKNOWN, 500],
    [status.INVALID_ARGUMENT, 400],
    [status.DEADLINE_EXCEEDED, 504],
    [status.NOT_FOUND, 404],
    [status.ALREADY_EXISTS, 409],
    [status.PERMISSION_DENIED, 403],
    [status.RESOURCE_EXHAUSTED, 429],
    [status.FAILED_PRECONDITION, 400],
    [status.ABORTED, 409],
    [status.OUT_OF_RANGE, 400],
    [status.UNIMPLEMENTED, 501],
    [status.INTERNAL, 500],
    [status.UNAVAILABLE, 503],
    [status.DATA_LOSS, 500],
    [status.UNAUTHENTICATED, 401],
    [99, 500],
  ])('maps gRPC code %i to HTTP %i as Envoy does', (code, http) => {
    expect(httpStatusOf(code)).toBe(http);
  });

  it('writes the error body as google.rpc.Status JSON', () => {
    expect(errorBody(5, 'job not found')).toEqual({ code: 5, message: 'job not found', details: [] });
  });
});
