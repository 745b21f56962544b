import type { Contender } from './contender';
import { CpuMeter } from './cpu-meter';
import { closedLoop, type ClosedLoopResult } from './load';
import type { BenchSettings } from './settings';
import { resultOf, type RunResult } from './stats';

/** How long a run may wait for its last completion after its last due time, ms. */
const DRAIN_TIMEOUT_MS = 120_000;

/**
 * Burst: `burstJobs` jobs all due at one instant `leadMs` ahead, created beforehand (not timed).
 * Throughput runs from the due time to the last recorded completion.
 */
export async function burst(
  contender: Contender,
  settings: BenchSettings,
  run: string,
  leadMs: number,
): Promise<RunResult> {
  await contender.begin(run);
  const dueMs = Date.now() + leadMs;
  await contender.create(run, new Array<number>(settings.burstJobs).fill(dueMs), settings.createConcurrency);
  const late = await contender.settled(run, settings.burstJobs, dueMs);
  await sleepUntil(dueMs);
  contender.measuring?.(run);
  const meter = CpuMeter.begin(contender.processes());
  const collected = await contender.collect(
    run,
    settings.burstJobs,
    Math.max(0, dueMs - Date.now()) + DRAIN_TIMEOUT_MS,
  );
  const cpu = meter.end(contender.processes(), settings.burstJobs);
  contender.measuring?.(run);
  await contender.end(run);
  return {
    ...resultOf(settings.burstJobs, collected.timings, dueMs, collected.stages, [
      ...(late ? [late] : []),
      ...collected.notes,
    ]),
    cpu,
  };
}

/** A steady load: so many jobs a second for so many seconds. */
export interface Pace {
  rate: number;
  seconds: number;
}

/**
 * Steady: `pace.rate` jobs a second for `pace.seconds` (the steady scenario's BENCH_STEADY_RATE and
 * BENCH_STEADY_SECONDS, or the fast one's), each due at its own time (one every 1/rate s), created
 * beforehand (not timed) like the burst's, `leadMs` ahead of the first.
 */
export async function steady(
  contender: Contender,
  settings: BenchSettings,
  run: string,
  leadMs: number,
  pace: Pace = { rate: settings.steadyRate, seconds: settings.steadySeconds },
): Promise<RunResult> {
  await contender.begin(run);
  const count = pace.rate * pace.seconds;
  const intervalMs = 1000 / pace.rate;
  const firstDue = Date.now() + leadMs;
  await contender.create(
    run,
    Array.from({ length: count }, (_, i) => firstDue + i * intervalMs),
    settings.createConcurrency,
  );
  const late = await contender.settled(run, count, firstDue);
  await sleepUntil(firstDue);
  contender.measuring?.(run);
  const meter = CpuMeter.begin(contender.processes());
  const lastDue = firstDue + (count - 1) * intervalMs;
  const collected = await contender.collect(run, count, Math.max(0, lastDue - Date.now()) + DRAIN_TIMEOUT_MS);
  const cpu = meter.end(contender.processes(), count);
  contender.measuring?.(run);
  await contender.end(run);
  return {
    ...resultOf(count, collected.timings, firstDue, collected.stages, [...(late ? [late] : []), ...collected.notes]),
    cpu,
  };
}

/**
 * Bulk create: `bulkJobs` jobs due in a day, created through the system's bulk call (chrono: CreateJobs of
 * 1,000; the peers: addBulk, addJobs), timed until every one is ready to fire. Resolves to jobs per second.
 */
export async function bulkCreate(contender: Contender, settings: BenchSettings): Promise<number> {
  const run = 'bulk';
  await contender.begin(run);
  const dueMs = Date.now() + 86_400_000;
  const from = Date.now();
  await contender.create(run, new Array<number>(settings.bulkJobs).fill(dueMs), settings.createConcurrency);
  await contender.settled(run, settings.bulkJobs, dueMs);
  const perSecond = (settings.bulkJobs * 1000) / (Date.now() - from);
  await contender.end(run);
  return perSecond;
}

/** API: `apiRequests` calls of `call` with `concurrency` in flight, after `warmup` unmeasured ones. */
export function api(
  call: (i: number) => Promise<unknown>,
  settings: BenchSettings,
  concurrency: number,
  warmup: number,
): Promise<ClosedLoopResult> {
  return closedLoop(call, settings.apiRequests, concurrency, warmup);
}

function sleepUntil(atMs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, atMs - Date.now())));
}

/** How far ahead to put the first due time: long enough to create `jobs` jobs at `createPerSecond`, and then some. */
export function leadMsFor(jobs: number, createPerSecond: number): number {
  return Math.ceil(3000 + (1.3 * jobs * 1000) / Math.max(createPerSecond, 1));
}
