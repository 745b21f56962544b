import type { jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { toJobAnswer } from './job-message';
import type { JobHandlerDeps } from './handler-deps';

export function listJobs({
  jobs,
}: JobHandlerDeps): UnaryHandler<jobService.ListJobsRequest, jobService.ListJobsResponse> {
  return async (request, ctx) => {
    const page = await jobs.list(ctx.requireUserId(), request);
    return { items: page.items.map(toJobAnswer), total: page.total, page: page.page, limit: page.limit };
  };
}
