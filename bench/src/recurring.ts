import type { Contender } from './contender';
import { CpuMeter, type CpuUse } from './cpu-meter';
import { recurringStats, type RecurringStats } from './recurring-stats';
import type { BenchSettings } from './settings';

/** The first occurrence comes this long after the jobs are asked for, so that all are in place by then. */
const LEAD_MS = 2000;
/** Runs before the window are a warm-up: it opens on the first whole second this long after the jobs were created. */
const WARM_UP_MS = 5000;
/** After the jobs are stopped, the runs recorded must stay the same this long before they are read back (at most MAX_SETTLE_MS). */
const QUIET_MS = 2000;
const MAX_SETTLE_MS = 30_000;

/** What the recurring scenario measured on one system. */
export interface RecurringResult {
  jobs: number;
  seconds: number;
  /** Absent when the system cannot run the scenario (see `unsupported`). */
  stats?: RecurringStats;
  /** CPU over the window, per run recorded in it. */
  cpu?: CpuUse;
  notes: string[];
  /** Why the system has no result. */
  unsupported?: string;
}

/** Extra time one system's recurring scenario takes, ms (0 when it is skipped). */
export function recurringAllowanceMs(settings: BenchSettings): number {
  return settings.recurringSeconds > 0 ? settings.recurringSeconds * 1000 + LEAD_MS + WARM_UP_MS + 20_000 : 0;
}

/**
 * Recurring load: `recurringJobs` jobs on the cron `* * * * * *` (every second, UTC), measured over
 * `recurringSeconds` whole seconds after a warm-up, then cancelled or removed. Each run counts for
 * the second it was due (see recurringStats).
 */
export async function recurring(contender: Contender, settings: BenchSettings): Promise<RecurringResult> {
  const { recurringJobs: jobs, recurringSeconds: seconds } = settings;
  const driver = contender.recurring;
  if (typeof driver === 'string') return { jobs, seconds, notes: [], unsupported: driver };
  const run = 'recurring';
  await driver.start(run, jobs, wholeSecondAfter(Date.now() + LEAD_MS));
  const fromMs = wholeSecondAfter(Date.now() + WARM_UP_MS);
  const toMs = fromMs + seconds * 1000;
  await sleepUntil(fromMs);
  const meter = CpuMeter.begin(contender.processes());
  await sleepUntil(toMs);
  const cpu = meter.end(contender.processes(), 1);
  await driver.stop(run);
  await settle(() => driver.recorded(run));
  const collected = await driver.collect(run);
  const stats = recurringStats(collected.runs, jobs, fromMs, toMs);
  const notes = [...collected.notes];
  if (stats.dueFromStart > 0)
    notes.push(
      `${stats.dueFromStart} of ${stats.runs} runs had no due time on record and were placed at their start rounded down to the second`,
    );
  if (stats.duplicates > 0) notes.push(`${stats.duplicates} runs were for an occurrence that had already run`);
  return { jobs, seconds, stats, cpu: perRun(cpu, stats.runs), notes };
}

/** One line for the bench's log. */
export function describeRecurring(result: RecurringResult): string {
  const { stats } = result;
  if (!stats) return `– (${result.unsupported})`;
  const l = stats.lateness;
  return `${stats.runs} of ${stats.expected} runs, ${stats.skipped} skipped, ${stats.slowStarts} starts > 1.5 s after the previous; lateness p50 ${l.p50.toFixed(1)} p99 ${l.p99.toFixed(1)} max ${l.max.toFixed(1)} ms`;
}

// CpuMeter.end divided by 1 gives the whole window's CPU; per run is known only once the runs are read back.
function perRun(cpu: CpuUse, runs: number): CpuUse {
  const perJobMs = Object.fromEntries(Object.entries(cpu.perJobMs).map(([part, ms]) => [part, ms / Math.max(runs, 1)]));
  return { ...cpu, perJobMs };
}

async function settle(recorded: () => Promise<number>): Promise<void> {
  const deadline = Date.now() + MAX_SETTLE_MS;
  let last = await recorded();
  let since = Date.now();
  while (Date.now() < deadline && Date.now() - since < QUIET_MS) {
    await sleepUntil(Date.now() + 250);
    const now = await recorded();
    if (now !== last) [last, since] = [now, Date.now()];
  }
}

function wholeSecondAfter(ms: number): number {
  return Math.ceil(ms / 1000) * 1000;
}

function sleepUntil(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));
}
