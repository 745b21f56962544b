import { InvalidArgumentError } from '@chrono/kit';
import type { JobType } from './job';

/**
 * What happens when an occurrence of a recurring job comes due while a run of it is in flight:
 * `skip` drops it, `buffer_one` runs it right after (at most one waits), `cancel_previous` cancels the
 * attempt in flight and starts it at once, `allow` runs it alongside. The scheduler carries them out.
 */
export const OVERLAP_POLICIES = ['skip', 'buffer_one', 'cancel_previous', 'allow'] as const;

export type OverlapPolicy = (typeof OVERLAP_POLICIES)[number];

/**
 * The overlap policy a job of `type` takes from a request: unset keeps `current` (`skip` for a new job).
 * A one-time job has no next occurrence to overlap with, so it takes only `skip`: anything else is
 * refused rather than silently meaningless, and a job changed to one-time falls back to `skip`.
 */
export function checkOverlapPolicy(
  policy: string | undefined,
  type: JobType,
  current: OverlapPolicy = 'skip',
): OverlapPolicy {
  if (policy === undefined) return type === 'one_time' ? 'skip' : current;
  if (!(OVERLAP_POLICIES as readonly string[]).includes(policy))
    throw new InvalidArgumentError(
      'overlapPolicy',
      `overlapPolicy must be one of ${OVERLAP_POLICIES.join(', ')}, got ${JSON.stringify(policy)}`,
    );
  if (type === 'one_time' && policy !== 'skip')
    throw new InvalidArgumentError('overlapPolicy', `overlapPolicy of a one_time job must be skip, got ${policy}`);
  return policy as OverlapPolicy;
}
