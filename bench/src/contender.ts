import type { ProcessGroups } from './cpu-meter';
import type { RecurringRun } from './recurring-stats';
import type { JobTiming, Summary } from './stats';

/** What a system reports about a finished run besides the job timings. */
export interface Collected {
  timings: JobTiming[];
  /** Per-stage summaries (ms), e.g. the scheduler's dispatch lateness. */
  stages: Record<string, Summary>;
  notes: string[];
}

/** The recurring scenario's side of a system: jobs on the cron `* * * * * *` (every second, UTC). */
export interface RecurringDriver {
  /** Creates `jobs` such jobs of `run` whose first occurrence is `firstDueMs` (a whole second); resolves once all are accepted. */
  start(run: string, jobs: number, firstDueMs: number): Promise<void>;
  /** Cancels or removes them, so that no occurrence after now is run. */
  stop(run: string): Promise<void>;
  /** How many runs of `run` are recorded so far (cheap: polled until it stops growing). */
  recorded(run: string): Promise<number>;
  /** Reads back every recorded run of `run`, then drops what is left of it (its queue, its history). */
  collect(run: string): Promise<{ runs: RecurringRun[]; notes: string[] }>;
}

/**
 * One system under test (this one or a peer), driven the same way by every scenario: jobs are
 * no-ops, identified by a run name, each with its own due time in epoch ms.
 */
export interface Contender {
  readonly name: string;
  /** Its recurring scenario's driver, or why it has none. */
  readonly recurring: RecurringDriver | string;
  /** Prepares a run (its queue, its bookkeeping). */
  begin(run: string): Promise<void>;
  /** Creates one job per due time, `concurrency` calls in flight; resolves once all are accepted. */
  create(run: string, dueTimes: number[], concurrency: number): Promise<void>;
  /** Waits until the system holds `count` jobs of `run` ready to fire; resolves to a note if that took until past `dueMs`. */
  settled(run: string, count: number, dueMs: number): Promise<string | undefined>;
  /** Resolves once every job created so far is ready to fire (this system: in the scheduler's table). */
  caughtUp(): Promise<void>;
  /** Waits until `count` completions of `run` are recorded (or `timeoutMs` passes) and reads their timings. */
  collect(run: string, count: number, timeoutMs: number): Promise<Collected>;
  /** Ends a run (closes its queue or worker). */
  end(run: string): Promise<void>;
  /** One job created through the system's client API, due far in the future (the API scenario). */
  enqueueOne(i: number): Promise<void>;
  /**
   * Adds `count` pending jobs spread over the next month, where the runs that follow will find them
   * (the scale scenario); stops early, between chunks, once `deadlineMs` has passed. Resolves to the number added.
   */
  fill(count: number, deadlineMs: number): Promise<number>;
  /** The measured window of `run` begins, or (called again) ends: while its CPU is metered. */
  measuring?(run: string): void;
  /** Its processes by part, for CPU accounting. */
  processes(): ProcessGroups;
  /** Resident memory of the parts that matter (name → MiB). */
  memory(): Record<string, number>;
  /** How the system was tuned, for the report. */
  tuning(): string[];
  stop(): Promise<void>;
}
