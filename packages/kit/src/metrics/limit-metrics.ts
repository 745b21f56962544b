import { counter, lazily } from './metrics-registry';

const rateLimitRefusals = lazily(() =>
  counter({
    name: 'chrono_rate_limit_refusals_total',
    help: 'Requests refused with RESOURCE_EXHAUSTED because the caller went over a rate limit, by limit.',
    labelNames: ['limit'] as const,
  }),
);

/**
 * Counts the refusals of one rate limit in `chrono_rate_limit_refusals_total{limit}` (`writes`: the
 * per-user write budget of job-catalog and TriggerNow; `previews`: PreviewRuns; `login`: auth's
 * failed-login lockout). The series exists, at
 * 0, from this call on, so that rates and alerts see it before the first refusal. Quotas are not
 * rate limits: give their refusals a counter of their own.
 */
export function rateLimitRefusalCounter(limit: string): { inc(): void } {
  const refusals = rateLimitRefusals().labels({ limit });
  refusals.inc(0);
  return refusals;
}

const quotaRefusals = lazily(() =>
  counter({
    name: 'chrono_quota_refusals_total',
    help: 'Requests refused with RESOURCE_EXHAUSTED because the caller holds as much as a quota allows, by quota.',
    labelNames: ['quota'] as const,
  }),
);

/**
 * Counts the refusals of one quota in `chrono_quota_refusals_total{quota}` (`active_jobs`:
 * MAX_ACTIVE_JOBS_PER_USER), the series at 0 from the first call on; the gRPC server counts every
 * QuotaExceededError through it.
 */
export function quotaRefusalCounter(quota: string): { inc(): void } {
  const refusals = quotaRefusals().labels({ quota });
  refusals.inc(0);
  return refusals;
}
