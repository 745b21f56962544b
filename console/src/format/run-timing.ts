import type { Execution, Job } from '../api/types';

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
 * The due time of an attempt, where the REST answers give it. An execution records when it started
 * and ended, not when it was due, so only a one-time job's first attempt has one: the job's
 * `scheduledAt`, or its `createdAt` when it was created with a time already past (it runs at once).
 * A recurring job's runs, retries (due after a backoff) and triggered runs have none here.
 */
export function dueTime(job: Job, execution: Execution): number | undefined {
  if (job.type !== 'one_time' || execution.attemptNumber !== 1 || !job.scheduledAt) return undefined;
  return Math.max(new Date(job.scheduledAt).getTime(), new Date(job.createdAt).getTime());
}

/** The timings of attempts given newest first (as the API lists them), oldest first, as a chart reads. */
export function runTimings(job: Job, executions: Execution[]): RunTiming[] {
  return executions
    .filter((execution) => execution.startedAt && execution.completedAt)
    .map((execution) => {
      const started = new Date(execution.startedAt!).getTime();
      const due = dueTime(job, execution);
      // An attempt that started before the job's present due time ran before a reschedule: not late, unknown.
      const lateness = due !== undefined && started >= due ? started - due : undefined;
      return {
        id: execution.id,
        attemptNumber: execution.attemptNumber,
        status: execution.status,
        startedAt: execution.startedAt!,
        durationMs: new Date(execution.completedAt!).getTime() - started,
        latenessMs: lateness,
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
