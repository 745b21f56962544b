import type { dispatch } from '@chrono/contracts';

/** One attempt of a job, as the scheduler dispatched it. */
export type Job = dispatch.DispatchRequest;

/**
 * Runs the jobs of one kind of target. A new kind of target is one new implementation of this,
 * registered in main.ts.
 */
export interface JobHandler {
  /** The JobTarget member that selects it ("http", "nats"), or "default" for jobs without a target. */
  readonly name: string;
  /** What it does with a job, as ListHandlers shows it. */
  readonly description: string;
  /**
   * Runs the job and resolves to its result, a JSON value (undefined for none). Throws JobError with
   * a message fit for the job's record when the job fails; stops its work when `signal` aborts.
   */
  run(job: Job, signal: AbortSignal): Promise<unknown>;
}
