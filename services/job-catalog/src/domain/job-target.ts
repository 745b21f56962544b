import { InvalidArgumentError } from '@chrono/kit';
import { checkTarget, sealHeaders, TargetError, type TargetRules, type TargetSecrets } from '@chrono/targets';
import type { JobTarget } from './job';

/**
 * Checks a job's target with the rules the executor applies at every run (@chrono/targets), so that a
 * job the executor would refuse is refused here instead: INVALID_ARGUMENT naming the field. `job` is
 * the job the target will belong to (its owner, for nats subjects; its timeout, bounded for http
 * targets). Returns the target with its http method in upper case.
 */
export function checkJobTarget(
  target: JobTarget | undefined,
  job: { userId: string; timeoutSeconds: number },
  rules: TargetRules,
): JobTarget | undefined {
  if (target === undefined) return undefined;
  asInvalidArgument(() => checkTarget(target, job, rules));
  if ('http' in target && target.http.method)
    return { http: { ...target.http, method: target.http.method.toUpperCase() } };
  return target;
}

/**
 * The target of a create or update with its http header values encrypted, so that the row, the job's
 * events, the scheduler's copy and the dispatch requests carry only ciphertext (the executor decrypts).
 * A header sent as `***` (how answers show them) keeps the value `stored` has; INVALID_ARGUMENT when
 * there is none.
 */
export function sealJobTarget(
  target: JobTarget | undefined,
  stored: JobTarget | undefined,
  secrets: TargetSecrets,
): JobTarget | undefined {
  if (!target || !('http' in target) || !target.http.headers) return target;
  const { headers } = target.http;
  const storedHeaders = stored && 'http' in stored ? stored.http.headers : undefined;
  return { http: { ...target.http, headers: asInvalidArgument(() => sealHeaders(headers, storedHeaders, secrets)) } };
}

function asInvalidArgument<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TargetError) throw new InvalidArgumentError(error.field, error.message);
    throw error;
  }
}
