import type { jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toExecutionMessage } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

export function listJobExecutions({
  jobs,
}: JobHandlerDeps): UnaryHandler<jobService.ListJobExecutionsRequest, jobService.ListJobExecutionsResponse> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const page = await jobs.listExecutions(ctx.requireUserId(), request.id, request);
    return { items: page.items.map(toExecutionMessage), total: page.total, page: page.page, limit: page.limit };
  };
}
