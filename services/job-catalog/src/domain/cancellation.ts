import type { Job } from './job';

/** A job as cancelling makes it: stopped for good, nothing due. The caller moves its version on. */
export function cancelledJob(job: Job): Job {
  return { ...job, status: 'cancelled', isActive: false, nextRunAt: undefined };
}
