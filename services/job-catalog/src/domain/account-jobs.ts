import { AbortedError } from '@chrono/kit';
import { cancelledJob } from './cancellation';
import type { Job } from './job';

/** What cancelling all of a user's jobs needs from storage (JobStore). */
export interface ActiveJobsRepository {
  /** Up to `limit` of the user's active jobs (pending, running or paused). */
  findActive(userId: string, limit: number): Promise<Job[]>;
  /**
   * Writes each job as cancelled with its lifecycle event, in one transaction, where its stored
   * version is still `job.version - 1`; resolves to how many were written.
   */
  cancelMany(jobs: Job[]): Promise<number>;
}

export interface AccountJobsOptions {
  /** Jobs cancelled per transaction (default 500). */
  batchSize?: number;
  /** Most rounds before giving up on jobs that keep changing (default: enough for MAX_ACTIVE_JOBS_PER_USER plus 5). */
  maxRounds: number;
}

/**
 * All the jobs of one user at once: CancelAllJobs, which auth calls when the account is deleted.
 * Each job is cancelled as CancelJob does it (the same change, the same event, so the scheduler
 * takes it off the schedule), in batches so that thousands of jobs take few transactions.
 */
export class AccountJobs {
  constructor(
    private readonly jobs: ActiveJobsRepository,
    private readonly options: AccountJobsOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Cancels every active job (pending, running or paused) of `userId`; resolves to how many. */
  async cancelAll(userId: string): Promise<number> {
    const batchSize = this.options.batchSize ?? 500;
    let cancelled = 0;
    for (let round = 0; round < this.options.maxRounds; round++) {
      const active = await this.jobs.findActive(userId, batchSize);
      if (active.length === 0) return cancelled;
      const updatedAt = this.now();
      // A job changed meanwhile keeps its old version and is found again next round.
      cancelled += await this.jobs.cancelMany(
        active.map((job) => ({ ...cancelledJob(job), version: job.version + 1, updatedAt })),
      );
    }
    throw new AbortedError('the jobs kept changing while they were being cancelled; try again');
  }
}
