/**
 * Typed errors that domain code throws. They carry no gRPC types: the kit's RPC layer maps each
 * kind to a status code (see grpc/status-mapping.ts).
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export type DomainErrorKind =
  | 'invalid_argument'
  | 'not_found'
  | 'already_exists'
  | 'failed_precondition'
  | 'unauthenticated'
  | 'resource_exhausted'
  | 'unavailable'
  | 'aborted';

/** Bad input; `field` names the offending field as clients spell it (JSON name). */
export class InvalidArgumentError extends DomainError {
  readonly kind = 'invalid_argument';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
export class NotFoundError extends DomainError {
  readonly kind = 'not_found';
}
export class AlreadyExistsError extends DomainError {
  readonly kind = 'already_exists';
}
export class FailedPreconditionError extends DomainError {
  readonly kind = 'failed_precondition';
}
export class UnauthenticatedError extends DomainError {
  readonly kind = 'unauthenticated';
}
/** Too many requests; `retryAfterMs` says when trying again makes sense. */
export class ResourceExhaustedError extends DomainError {
  readonly kind = 'resource_exhausted';
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
/**
 * A quota (a bound on what a user may hold, not a rate) refuses the call; counted by the gRPC server
 * in `chrono_quota_refusals_total{quota}`.
 */
export class QuotaExceededError extends ResourceExhaustedError {
  constructor(
    readonly quota: string,
    message: string,
  ) {
    super(message);
  }
}
/** A dependency (database, cache, broker, peer service) cannot be reached right now. */
export class UnavailableError extends DomainError {
  readonly kind = 'unavailable';
}
/** A concurrent change won; the client may retry the whole operation. */
export class AbortedError extends DomainError {
  readonly kind = 'aborted';
}
