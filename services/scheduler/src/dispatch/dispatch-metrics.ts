import { counter, histogram, lazily, LATENCY_BUCKETS } from '@chrono/kit';

const lateness = lazily(() =>
  histogram({
    name: 'chrono_dispatch_lateness_seconds',
    help: "How late runs were handed to the executors: the dispatch request's publication minus the time the run was due.",
    // Beyond 10 s: a run held back by its owner's quota, or found after the scheduler was down.
    buckets: [...LATENCY_BUCKETS, 30, 60, 300],
  }),
);

/** One run handed to the executors at `dispatchedAt`, due at `dueAt`. */
export function recordDispatch(dueAt: Date, dispatchedAt: Date): void {
  lateness().observe(Math.max(0, dispatchedAt.getTime() - dueAt.getTime()) / 1000);
}

const retries = lazily(() =>
  counter({
    name: 'chrono_retries_total',
    help: 'Retries scheduled after a failed or lost attempt (the next attempt of the same run).',
  }),
);
const lostRuns = lazily(() =>
  counter({
    name: 'chrono_lost_runs_total',
    help: 'Attempts declared lost: no outcome arrived within their timeout and the lost-run grace after dispatch.',
  }),
);

/** Creates the counters at 0, so that an alert sees the first retry or lost run as a rise. */
export function initializeRunCounters(): void {
  retries().inc(0);
  lostRuns().inc(0);
}

/** Retries scheduled by changes that have committed. */
export function recordRetries(count: number): void {
  if (count > 0) retries().inc(count);
}

/** An attempt declared lost, once the change that says so has committed. */
export function recordLostRun(): void {
  lostRuns().inc();
}
