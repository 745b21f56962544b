import type { catalog, jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

export function pauseJob({ jobs, limiter }: JobHandlerDeps): UnaryHandler<jobService.PauseJobRequest, catalog.Job> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const userId = ctx.requireUserId();
    await limiter.take(userId);
    return toJobAnswer(await jobs.pause(userId, request.id));
  };
}
