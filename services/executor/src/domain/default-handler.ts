import type { Job, JobHandler } from './job-handler';

/** Runs jobs without a target: they complete at once, with their payload as the result. */
export class DefaultHandler implements JobHandler {
  readonly name = 'default';
  readonly description = 'Jobs without a target: completes at once and returns the payload as the result.';

  async run(job: Job): Promise<unknown> {
    return job.payload;
  }
}
