import { summarize, type Summary } from './stats';

/** One recorded run of a recurring job, epoch ms. */
export interface RecurringRun {
  /** Which job it was a run of. */
  job: string;
  /** The occurrence it ran for, when the system records it (chrono: DispatchRequest.dueAt; BullMQ: the repeat job's id). */
  dueMs?: number;
  /** When its handler started. */
  startedMs: number;
}

/** What the recurring scenario measured over its window. */
export interface RecurringStats {
  /** Runs whose occurrence lies in the window. */
  runs: number;
  /** Jobs × whole seconds of the window. */
  expected: number;
  /** Seconds of the window in which a job had no run, summed over the jobs (gaps between runs and at either end). */
  skipped: number;
  /** Runs for an occurrence that already had one (the same job and second). */
  duplicates: number;
  /** Runs that started more than 1.5 s after the previous run of the same job. */
  slowStarts: number;
  /** Start minus the occurrence's second, ms. */
  lateness: Summary;
  /** Runs without a recorded due time, placed at their start time rounded down to the second. */
  dueFromStart: number;
}

const SECOND = 1000;
/** A start this long after the previous one of the same job means an occurrence came late or not at all. */
export const SLOW_START_MS = 1500;

/**
 * Folds the runs of `jobs` every-second jobs into RecurringStats over the window [fromMs, toMs)
 * (both on whole seconds). A run belongs to the second it was due; a run with no due time to the
 * second its start falls in, which can put a late start in the next second (hence prefer due times).
 */
export function recurringStats(runs: RecurringRun[], jobs: number, fromMs: number, toMs: number): RecurringStats {
  const seconds = Math.floor((toMs - fromMs) / SECOND);
  const placed = runs
    .map((run) => ({ ...run, slot: run.dueMs ?? Math.floor(run.startedMs / SECOND) * SECOND }))
    .filter((run) => run.slot >= fromMs && run.slot < toMs);
  const byJob = new Map<string, typeof placed>();
  for (const run of placed) byJob.set(run.job, [...(byJob.get(run.job) ?? []), run]);
  let covered = 0;
  let slowStarts = 0;
  for (const own of byJob.values()) {
    covered += new Set(own.map((run) => Math.floor((run.slot - fromMs) / SECOND))).size;
    const starts = own.map((run) => run.startedMs).sort((a, b) => a - b);
    for (let i = 1; i < starts.length; i++) if (starts[i] - starts[i - 1] > SLOW_START_MS) slowStarts++;
  }
  const expected = jobs * seconds;
  return {
    runs: placed.length,
    expected,
    skipped: expected - covered,
    duplicates: placed.length - covered,
    slowStarts,
    lateness: summarize(placed.map((run) => run.startedMs - run.slot)),
    dueFromStart: placed.filter((run) => run.dueMs === undefined).length,
  };
}
