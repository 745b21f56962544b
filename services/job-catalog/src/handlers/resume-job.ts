import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

export function resumeJob({ jobs, limiter }: JobHandlerDeps): UnaryHandler<jobService.ResumeJobRequest, catalog.Job> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const userId = ctx.requireUserId();
    await limiter.take(userId);
    return toJobAnswer(await jobs.resume(userId, request.id));
  };
}
