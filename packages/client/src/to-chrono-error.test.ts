import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  ChronoError,
  InvalidArgumentError,
  NotFoundError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from './errors';
import { toChronoError } from './to-chrono-error';

function serviceError(code: status, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
}

describe('toChronoError', () => {
  it('gives INVALID_ARGUMENT the field from the invalid-field trailer', () => {
    const error = toChronoError(
      serviceError(status.INVALID_ARGUMENT, 'timezone "Mars/Olympus" is not an IANA time zone', {
        'invalid-field': 'timezone',
      }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({
      field: 'timezone',
      code: status.INVALID_ARGUMENT,
      codeName: 'INVALID_ARGUMENT',
      message: 'timezone "Mars/Olympus" is not an IANA time zone',
    });
  });

  it('reads retry-after of RESOURCE_EXHAUSTED in seconds, and leaves it unset when the service gives none', () => {
    const limited = toChronoError(serviceError(status.RESOURCE_EXHAUSTED, 'too many writes', { 'retry-after': '3' }));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect((limited as RateLimitedError).retryAfter).toBe(3);
    expect((toChronoError(serviceError(status.RESOURCE_EXHAUSTED, 'quota')) as RateLimitedError).retryAfter).toBe(
      undefined,
    );
  });

  it.each([
    [status.NOT_FOUND, NotFoundError],
    [status.UNAUTHENTICATED, UnauthenticatedError],
    [status.UNAVAILABLE, UnavailableError],
  ])('maps code %p to its class, keeping the metadata', (code, ErrorClass) => {
    const error = toChronoError(serviceError(code, 'nope', { 'x-request-id': 'r1' })) as ChronoError;
    expect(error).toBeInstanceOf(ErrorClass);
    expect(error.metadata.get('x-request-id')).toEqual(['r1']);
  });

  it('maps other codes to ChronoError and leaves errors that are not gRPC errors alone', () => {
    const internal = toChronoError(serviceError(status.INTERNAL, 'internal error'));
    expect(internal).toBeInstanceOf(ChronoError);
    expect((internal as ChronoError).codeName).toBe('INTERNAL');
    const plain = new TypeError('not grpc');
    expect(toChronoError(plain)).toBe(plain);
  });
});
