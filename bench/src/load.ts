import { performance } from 'node:perf_hooks';
import { summarize, type Summary } from './stats';

/** Latency and rate of `count` calls made with `concurrency` in flight. */
export interface ClosedLoopResult {
  latency: Summary;
  /** Calls completed per second over the measured part. */
  perSecond: number;
  errors: number;
  firstError?: string;
}

/**
 * Makes `warmup + count` calls of `call(i)` keeping `concurrency` in flight (each caller issues its
 * next call as soon as its last one answers); the first `warmup` calls are not measured.
 */
export async function closedLoop(
  call: (i: number) => Promise<unknown>,
  count: number,
  concurrency: number,
  warmup = 0,
): Promise<ClosedLoopResult> {
  if (warmup > 0) await closedLoop(call, warmup, concurrency);
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const began = performance.now();
  const caller = async () => {
    while (next < count) {
      const i = next++;
      const start = performance.now();
      try {
        await call(i);
        latencies.push(performance.now() - start);
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, caller));
  const elapsed = performance.now() - began;
  return { latency: summarize(latencies), perSecond: (latencies.length / elapsed) * 1000, errors, firstError };
}
