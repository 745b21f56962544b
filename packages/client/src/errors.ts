import { Metadata, status } from '@grpc/grpc-js';

/**
 * What every failed call of the client throws: the server's message, with the gRPC status code (`code`,
 * and its name in `codeName`) and the trailing metadata kept for callers that need more.
 */
export class ChronoError extends Error {
  readonly codeName: string;
  constructor(
    message: string,
    readonly code: status,
    readonly metadata: Metadata = new Metadata(),
  ) {
    super(message);
    this.name = new.target.name;
    this.codeName = status[code] ?? `CODE_${code}`;
  }
}

/** INVALID_ARGUMENT; `field` names the offending field as the API spells it (`cronExpression`, `target.http.url`). */
export class InvalidArgumentError extends ChronoError {
  constructor(
    message: string,
    metadata: Metadata | undefined,
    readonly field: string | undefined,
  ) {
    super(message, status.INVALID_ARGUMENT, metadata);
  }
}

/** NOT_FOUND: the job does not exist, or belongs to someone else (the service gives the same answer). */
export class NotFoundError extends ChronoError {}
/** ALREADY_EXISTS, e.g. registering an email that has an account. */
export class AlreadyExistsError extends ChronoError {}
/** FAILED_PRECONDITION, e.g. cancelling a completed job or triggering one whose run is in flight. */
export class FailedPreconditionError extends ChronoError {}
/** UNAUTHENTICATED: no token, a bad or expired one, or wrong credentials. */
export class UnauthenticatedError extends ChronoError {}
/** PERMISSION_DENIED. */
export class PermissionDeniedError extends ChronoError {}
/** UNAVAILABLE once the retries are spent: the service, or something it needs, cannot be reached. */
export class UnavailableError extends ChronoError {}
/** DEADLINE_EXCEEDED: no answer within the call's deadline (the client's `deadlineMs`, 10 s by default). */
export class DeadlineExceededError extends ChronoError {}

/** RESOURCE_EXHAUSTED: a rate limit or quota; `retryAfter` is how long to wait in seconds, when the service says. */
export class RateLimitedError extends ChronoError {
  constructor(
    message: string,
    metadata: Metadata | undefined,
    readonly retryAfter: number | undefined,
  ) {
    super(message, status.RESOURCE_EXHAUSTED, metadata);
  }
}
