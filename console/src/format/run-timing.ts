import type { Execution } from '../api/types';

/** How long one attempt took and how late it started, in ms; `latenessMs` only when its due time is known. */
export interface RunTiming {
  id: string;
  attemptNumber: number;
  status: Execution['status'];
  startedAt: string;
  durationMs: number;
  latenessMs?: number;
}

/**
 * The timings of attempts given newest first (as the API lists them), oldest first, as a chart reads.
 * Lateness is `startedAt − dueAt`, the due time the scheduler dispatched the attempt for (the occurrence,
 * the end of a retry's backoff, the moment of a trigger); attempts recorded before executions kept it
 * have none. Clocks of two machines may disagree by a little, so a start before its due time counts as on time.
 */
export function runTimings(executions: Execution[]): RunTiming[] {
  return executions
    .filter((execution) => execution.startedAt && execution.completedAt)
    .map((execution) => {
      const started = new Date(execution.startedAt!).getTime();
      return {
        id: execution.id,
        attemptNumber: execution.attemptNumber,
        status: execution.status,
        startedAt: execution.startedAt!,
        durationMs: new Date(execution.completedAt!).getTime() - started,
        latenessMs: execution.dueAt ? Math.max(0, started - new Date(execution.dueAt).getTime()) : undefined,
      };
    })
    .reverse();
}

/** "420 ms", "3.2 s", "4 min": a chart's short label of a span. */
export function shortSpan(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.round(ms / 60_000)} min`;
}
