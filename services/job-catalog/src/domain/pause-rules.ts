import { FailedPreconditionError } from '@chrono/kit';
import type { Job } from './job';
import { nextRunOf } from './next-run';

/**
 * PauseJob's change: the job keeps its schedule but shows no next run, since none happens until it is
 * resumed. Undefined when it is paused already; a job that will never run again cannot be paused.
 */
export function pausedJob(job: Job): Job | undefined {
  if (job.status === 'paused') return undefined;
  if (job.status === 'completed' || job.status === 'failed' || job.status === 'cancelled')
    throw new FailedPreconditionError(
      `a ${job.status} job cannot be paused: only a pending or running job can (reschedule it first)`,
    );
  return { ...job, status: 'paused', nextRunAt: undefined };
}

/**
 * ResumeJob's change: pending again, with the next occurrence from `now` as a first estimate of the
 * next run; the scheduler then plans the run under the catch-up window (a missed occurrence to run
 * now, or catch-up runs) and announces it. Undefined when the job is not paused.
 */
export function resumedJob(job: Job, now: Date): Job | undefined {
  if (job.status !== 'paused') return undefined;
  return { ...job, status: 'pending', nextRunAt: nextRunOf(job, now) };
}
