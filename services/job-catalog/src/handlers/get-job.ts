import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

/** GetJob: the job with its stats from the occurrence ledger (ListJobs leaves them out, to stay cheap). */
export function getJob({ jobs, occurrences }: JobHandlerDeps): UnaryHandler<jobService.GetJobRequest, catalog.Job> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const job = await jobs.get(ctx.requireUserId(), request.id);
    return { ...toJobAnswer(job), stats: await occurrences.stats(job.id) };
  };
}
