import { InvalidArgumentError } from '@chrono/kit';
import { checkTarget, TargetError, type TargetRules } from '@chrono/targets';
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
  try {
    checkTarget(target, job, rules);
  } catch (error) {
    if (error instanceof TargetError) throw new InvalidArgumentError(error.field, error.message);
    throw error;
  }
  if ('http' in target && target.http.method)
    return { http: { ...target.http, method: target.http.method.toUpperCase() } };
  return target;
}
