import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

export function getJob({ jobs }: JobHandlerDeps): UnaryHandler<jobService.GetJobRequest, catalog.Job> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    return toJobAnswer(await jobs.get(ctx.requireUserId(), request.id));
  };
}
