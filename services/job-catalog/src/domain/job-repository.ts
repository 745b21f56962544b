import type { Job, JobChange, JobExecution } from './job';
import type { JobFilter } from './job-validation';

/** A page of results with the count of all matches. */
export interface Page<T> {
  items: T[];
  total: number;
}

/**
 * Persistence of jobs. Every write also records the lifecycle event of the change (the outbox), in
 * the same transaction, so that no change is ever lost between the database and the event stream.
 */
export interface JobRepository {
  /**
   * Stores new jobs of one owner, all or none, atomically, unless the owner would then have
   * more than `maxActive` pending, running or paused jobs: false then, and nothing stored.
   */
  insert(jobs: Job[], maxActive: number): Promise<boolean>;
  /** The job if it exists and belongs to the user. */
  findOwned(userId: string, id: string): Promise<Job | undefined>;
  /** Those of the jobs that exist and belong to the user, in no particular order. */
  findOwnedMany(userId: string, ids: string[]): Promise<Job[]>;
  list(userId: string, filter: JobFilter, page: number, limit: number): Promise<Page<Job>>;
  /**
   * Writes the fields a client controls (and the status of a cancel or reschedule) when the stored
   * version is still `job.version - 1`; false when another change got there first.
   */
  update(job: Job, change: Exclude<JobChange, 'created' | 'deleted'>): Promise<boolean>;
  /** Deletes the job and its history when its version is still `job.version`; false otherwise. */
  delete(job: Job): Promise<boolean>;
  listExecutions(jobId: string, page: number, limit: number): Promise<Page<JobExecution>>;
  /** How many of the user's jobs are pending or running (committed ones). */
  countActive(userId: string): Promise<number>;
}
