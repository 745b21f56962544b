import { status } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
  UnauthenticatedError,
} from '../errors/domain-errors';
import { isDependencyOutage, toServiceError } from './status-mapping';

describe('toServiceError', () => {
  it.each([
    [new InvalidArgumentError('name', 'name is required'), status.INVALID_ARGUMENT],
    [new NotFoundError('job not found'), status.NOT_FOUND],
    [new AlreadyExistsError('taken'), status.ALREADY_EXISTS],
    [new UnauthenticatedError('no token'), status.UNAUTHENTICATED],
  ])('maps %p to its status with its message', (error, code) => {
    const mapped = toServiceError(error);
    expect(mapped.code).toBe(code);
    expect(mapped.details).toBe(error.message);
  });

  it('names the field of INVALID_ARGUMENT in an invalid-field trailer', () => {
    expect(toServiceError(new InvalidArgumentError('cronExpression', 'bad')).metadata?.get('invalid-field')).toEqual([
      'cronExpression',
    ]);
  });

  it('adds retry-after to RESOURCE_EXHAUSTED', () => {
    const mapped = toServiceError(new ResourceExhaustedError('slow down', 2500));
    expect(mapped.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(mapped.metadata?.get('retry-after')).toEqual(['3']);
  });

  it('answers UNAVAILABLE for an unreachable dependency, however deeply wrapped', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(toServiceError(new Error('query failed', { cause: refused })).code).toBe(status.UNAVAILABLE);
    expect(isDependencyOutage(Object.assign(new Error('terminating connection'), { code: '57P01' }))).toBe(true);
    // What MikroORM reports for a transaction whose connection PostgreSQL closed while shutting down.
    expect(
      toServiceError(
        Object.assign(new Error('insert into "catalog"."jobs" ... - Transaction query already complete'), {
          name: 'DriverException',
        }),
      ).code,
    ).toBe(status.UNAVAILABLE);
  });

  it('hides the details of unexpected errors', () => {
    const mapped = toServiceError(new TypeError('cannot read properties of undefined (reading "secret")'));
    expect(mapped).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
  });
});
