import type { CpuUse } from './cpu-meter';

/** p50, p99 and max of a set of measurements (ms unless said otherwise). */
export interface Summary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile `p` (0..100) of ascending `sorted`. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

/** Timings of one job, epoch ms: when it was due, when its handler started, when its completion was durably recorded. */
export interface JobTiming {
  dueMs: number;
  startedMs: number;
  recordedMs: number;
}

/** What a burst or steady run measured. */
export interface RunResult {
  /** Jobs created for the run. */
  jobs: number;
  /** Jobs whose completion was recorded before the wait ended. */
  completed: number;
  /** Start minus due, ms. */
  lateness: Summary;
  /** Jobs per second from the (first) due time to the last recorded completion. */
  throughput: number;
  /** Last recorded completion minus the first due time, ms. */
  spanMs: number;
  /** Further per-stage figures (name → summary), such as the scheduler's own dispatch lateness. */
  stages: Record<string, Summary>;
  /** Anything a reader should know about this run (a shortfall, a caveat). */
  notes: string[];
  /** CPU used from just before the due time to the last completion. */
  cpu?: CpuUse;
}

/** Folds job timings into a RunResult; `firstDueMs` is when the run's first job was due. */
export function resultOf(
  jobs: number,
  timings: JobTiming[],
  firstDueMs: number,
  stages: Record<string, Summary> = {},
  notes: string[] = [],
): RunResult {
  const lastRecorded = Math.max(...timings.map((t) => t.recordedMs));
  const spanMs = timings.length > 0 ? lastRecorded - firstDueMs : Number.NaN;
  return {
    jobs,
    completed: timings.length,
    lateness: summarize(timings.map((t) => t.startedMs - t.dueMs)),
    throughput: timings.length > 0 ? timings.length / (Math.max(spanMs, 1) / 1000) : 0,
    spanMs,
    stages,
    notes:
      timings.length < jobs
        ? [...notes, `only ${timings.length} of ${jobs} jobs completed before the wait ended`]
        : notes,
  };
}
