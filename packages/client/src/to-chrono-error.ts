import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  ChronoError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitedError,
  UnauthenticatedError,
  UnavailableError,
} from './errors';

type PlainErrorClass = new (message: string, code: status, metadata?: Metadata) => ChronoError;

const CLASS_OF_CODE: Partial<Record<status, PlainErrorClass>> = {
  [status.NOT_FOUND]: NotFoundError,
  [status.ALREADY_EXISTS]: AlreadyExistsError,
  [status.FAILED_PRECONDITION]: FailedPreconditionError,
  [status.UNAUTHENTICATED]: UnauthenticatedError,
  [status.PERMISSION_DENIED]: PermissionDeniedError,
  [status.UNAVAILABLE]: UnavailableError,
  [status.DEADLINE_EXCEEDED]: DeadlineExceededError,
};

/** The typed error of a failed gRPC call; anything that is not a gRPC error is returned as it is. */
export function toChronoError(error: unknown): unknown {
  if (!isServiceError(error)) return error;
  const metadata = error.metadata ?? new Metadata();
  // grpc-js puts the server's message in `details`; `message` also carries the code ("5 NOT_FOUND: ...").
  const message = error.details || error.message;
  if (error.code === status.INVALID_ARGUMENT) {
    return new InvalidArgumentError(message, metadata, firstValue(metadata, 'invalid-field'));
  }
  if (error.code === status.RESOURCE_EXHAUSTED) {
    const retryAfter = Number(firstValue(metadata, 'retry-after'));
    return new RateLimitedError(
      message,
      metadata,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  const ErrorClass = CLASS_OF_CODE[error.code as status] ?? ChronoError;
  return new ErrorClass(message, error.code, metadata);
}

function firstValue(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return value === undefined ? undefined : String(value);
}

function isServiceError(error: unknown): error is ServiceError {
  return error instanceof Error && typeof (error as ServiceError).code === 'number' && 'details' in error;
}
