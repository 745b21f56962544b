import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import {
  DomainError,
  type DomainErrorKind,
  InvalidArgumentError,
  ResourceExhaustedError,
} from '../errors/domain-errors';

const CODE_OF_KIND: Record<DomainErrorKind, status> = {
  invalid_argument: status.INVALID_ARGUMENT,
  not_found: status.NOT_FOUND,
  already_exists: status.ALREADY_EXISTS,
  failed_precondition: status.FAILED_PRECONDITION,
  unauthenticated: status.UNAUTHENTICATED,
  resource_exhausted: status.RESOURCE_EXHAUSTED,
  unavailable: status.UNAVAILABLE,
  aborted: status.ABORTED,
};

// Socket errors and PostgreSQL SQLSTATEs that mean "the dependency is down", not "the request is bad".
const OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  'CONNECTION_CLOSED',
  'CONNECTION_REFUSED',
  'TIMEOUT',
]);
const OUTAGE_NAMES = new Set([
  'ConnectionException',
  'KnexTimeoutError',
  'MaxRetriesPerRequestError',
  'UnavailableError',
]);
// knex's "Transaction query already complete" means the transaction's connection was cut (the
// server shut down mid-transaction); the SQLSTATE that said so is lost by then.
const OUTAGE_MESSAGES = [
  /Connection is closed/i,
  /Stream isn't writeable/i,
  /Command timed out/i,
  /connection terminated/i,
  /timeout acquiring a connection/i,
  /Connection refused/i,
  /Transaction query already complete/i,
];

/** True when an error means a database, cache or broker cannot be reached (answered UNAVAILABLE). */
export function isDependencyOutage(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 5) return false;
  const code = String((error as { code?: unknown }).code ?? '');
  if (OUTAGE_CODES.has(code) || code.startsWith('08')) return true;
  if (OUTAGE_NAMES.has(error.name)) return true;
  if (OUTAGE_MESSAGES.some((pattern) => pattern.test(error.message))) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDependencyOutage(inner, depth + 1)))
    return true;
  return isDependencyOutage((error as { cause?: unknown }).cause, depth + 1);
}

/**
 * Turns anything a handler threw into a gRPC error: domain errors keep their kind and message,
 * outages become UNAVAILABLE, anything else INTERNAL with a generic message (the details go to the log,
 * never to the client).
 */
export function toServiceError(error: unknown): Partial<ServiceError> & { code: status; details: string } {
  if (error instanceof DomainError) {
    const metadata = new Metadata();
    if (error instanceof ResourceExhaustedError && error.retryAfterMs !== undefined) {
      metadata.set('retry-after', String(Math.ceil(error.retryAfterMs / 1000)));
    }
    // Clients (@chrono/client) read the field from this trailer rather than parse the message.
    if (error instanceof InvalidArgumentError) metadata.set('invalid-field', error.field);
    return { code: CODE_OF_KIND[error.kind], details: error.message, metadata };
  }
  if (isGrpcError(error)) return { code: error.code, details: error.details, metadata: error.metadata };
  if (isDependencyOutage(error)) {
    return { code: status.UNAVAILABLE, details: 'a dependency of the service is unavailable; try again shortly' };
  }
  return { code: status.INTERNAL, details: 'internal error' };
}

function isGrpcError(error: unknown): error is ServiceError {
  return (
    error instanceof Error &&
    typeof (error as ServiceError).code === 'number' &&
    'details' in error &&
    'metadata' in error
  );
}
