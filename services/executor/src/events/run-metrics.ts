import { counter, gauge, histogram, lazily, LATENCY_BUCKETS } from '@chrono/kit';

// Runs last from milliseconds to the longest timeout (HTTP_TARGET_MAX_TIMEOUT, 1 h).
const DURATION_BUCKETS = [...LATENCY_BUCKETS, 30, 60, 300, 900, 3600];
// A start is late by milliseconds when all is well, by the lost-run grace or a retry's wait when not.
const LATENESS_BUCKETS = [...LATENCY_BUCKETS, 30, 60, 300];

const runs = lazily(() =>
  counter({
    name: 'chrono_runs_total',
    help: 'Attempts this executor ran to the end, by the kind of target that ran them and outcome (succeeded, failed, timed_out: failed by its timeout, cancelled: by the scheduler, overlap policy cancel_previous).',
    labelNames: ['target_kind', 'outcome'] as const,
  }),
);
const durations = lazily(() =>
  histogram({
    name: 'chrono_run_duration_seconds',
    help: "How long attempts ran, from the handler's start to its end, by kind of target and outcome.",
    labelNames: ['target_kind', 'outcome'] as const,
    buckets: DURATION_BUCKETS,
  }),
);
const startLateness = lazily(() =>
  histogram({
    name: 'chrono_start_lateness_seconds',
    help: 'How late attempts started: the handler starting minus the time the run was due, by kind of target.',
    labelNames: ['target_kind'] as const,
    buckets: LATENESS_BUCKETS,
  }),
);

/**
 * How an attempt ended, as the metrics tell it: a failure by the job's timeout is `timed_out`; one the
 * scheduler cancelled (overlap policy cancel_previous) is `cancelled`.
 */
export type RunOutcomeLabel = 'succeeded' | 'failed' | 'timed_out' | 'cancelled';

/** One attempt run to the end: `kind` is the handler that ran it ("none" when no handler took it). */
export function recordRun(
  kind: string,
  outcome: RunOutcomeLabel,
  times: { dueAt?: Date; startedAt: Date; endedAt: Date },
): void {
  runs().inc({ target_kind: kind, outcome });
  durations().observe({ target_kind: kind, outcome }, (times.endedAt.getTime() - times.startedAt.getTime()) / 1000);
  if (times.dueAt)
    startLateness().observe(
      { target_kind: kind },
      Math.max(0, times.startedAt.getTime() - times.dueAt.getTime()) / 1000,
    );
}

// The process's dispatch consumer, whose slots the gauge reads (one per process; the last started wins).
let slots: { concurrency: number; inUse: () => number } | undefined;
const slotGauge = lazily(() =>
  gauge({
    name: 'chrono_executor_slots',
    help: 'Jobs this executor can run at once (EXECUTOR_CONCURRENCY), by state: in_use or free.',
    labelNames: ['state'] as const,
    collect() {
      if (!slots) return;
      const used = slots.inUse();
      this.set({ state: 'in_use' }, used);
      this.set({ state: 'free' }, Math.max(0, slots.concurrency - used));
    },
  }),
);

/** Reports the executor's slots, in use and free, whenever Prometheus scrapes. */
export function reportSlots(concurrency: number, inUse: () => number): void {
  slots = { concurrency, inUse };
  slotGauge();
}
