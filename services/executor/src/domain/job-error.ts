import { TargetError } from '@chrono/targets';

/** A job attempt failed for a reason that is recorded as it is, e.g. `HTTP 503 Service Unavailable from https://x/y`. */
export class JobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobError';
  }
}

/**
 * Runs a check of @chrono/targets; a target that breaks a rule fails the attempt with the message
 * job-catalog gives at creation.
 */
export function checkedByTargetRules<T>(check: () => T): T {
  try {
    return check();
  } catch (error) {
    if (error instanceof TargetError) throw new JobError(error.message);
    throw error;
  }
}
