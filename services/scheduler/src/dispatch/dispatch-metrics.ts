import { histogram, lazily, LATENCY_BUCKETS } from '@chrono/kit';

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
