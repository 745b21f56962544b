import type { jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { JobHandlerDeps } from './handler-deps';

export function deleteJob({
  jobs,
  limiter,
}: JobHandlerDeps): UnaryHandler<jobService.DeleteJobRequest, jobService.DeleteJobResponse> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const userId = ctx.requireUserId();
    await limiter.take(userId);
    await jobs.delete(userId, request.id);
    return {};
  };
}
