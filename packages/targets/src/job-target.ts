import { checkHttpJobTimeout, checkHttpTarget, type HttpTargetInput } from './http-target';
import { checkNatsSubject } from './nats-subject';
import { TargetError } from './target-error';
import type { TargetRules } from './target-rules';

/** A nats target as a job carries it (the JSON of chrono.catalog.v1.NatsTarget). */
export interface NatsTargetInput {
  subject: string;
  data?: unknown;
}

/** A job's target: one of its members is set. */
export interface TargetInput {
  http?: HttpTargetInput;
  nats?: NatsTargetInput;
}

/** What the rules need to know of the job a target belongs to. */
export interface TargetJob {
  /** The job's owner: their `users.<id>.` subjects are open to its nats target. */
  userId: string;
  /** The job's timeout, in seconds. */
  timeoutSeconds: number;
}

/**
 * Checks a job's target against every rule, as job-catalog does at create and update and the executor
 * at each run. Throws a TargetError naming the field.
 */
export function checkTarget(target: TargetInput, job: TargetJob, rules: TargetRules): void {
  if (target.http && target.nats) throw new TargetError('target', 'target must have only one of: http, nats');
  if (target.http) {
    checkHttpTarget(target.http, rules);
    checkHttpJobTimeout(job.timeoutSeconds, rules);
  } else if (target.nats) {
    checkNatsSubject(target.nats.subject, job.userId, rules);
  } else {
    throw new TargetError('target', 'target must have one of: http, nats');
  }
}
