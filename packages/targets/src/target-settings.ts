import { isSubjectPattern } from './nats-subject';
import type { TargetRules } from './target-rules';

// The longest timeout a job may have at all (job-catalog's bound on timeoutSeconds), in seconds.
const DAY_SECONDS = 86_400;

/**
 * What is wrong with the operator's settings on targets (NATS_TARGET_SUBJECTS, HTTP_TARGET_MAX_TIMEOUT),
 * one message per problem naming its variable; job-catalog and the executor both read them and stop
 * at start-up on any.
 */
export function targetSettingsProblems(
  settings: Pick<TargetRules, 'natsSubjects' | 'httpMaxTimeoutSeconds'>,
): string[] {
  const problems = settings.natsSubjects
    .filter((pattern) => !isSubjectPattern(pattern))
    .map(
      (pattern) =>
        `NATS_TARGET_SUBJECTS entries must be subjects or patterns with * and > (such as orders.>), got "${pattern}"`,
    );
  const timeout = settings.httpMaxTimeoutSeconds;
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > DAY_SECONDS)
    problems.push(`HTTP_TARGET_MAX_TIMEOUT must be whole seconds from 1s to 24h, got ${timeout} s`);
  return problems;
}
