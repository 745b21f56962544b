import type { jobService } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { checkOccurrenceQuery } from '../domain/occurrence';
import { toOccurrenceMessage } from './occurrence-message';
import type { JobHandlerDeps } from './handler-deps';

export function listOccurrences({
  jobs,
  occurrences,
}: JobHandlerDeps): UnaryHandler<jobService.ListOccurrencesRequest, jobService.ListOccurrencesResponse> {
  return async (request, ctx) => {
    ctx.annotate({ jobId: request.id });
    const job = await jobs.get(ctx.requireUserId(), request.id);
    const query = checkOccurrenceQuery(request);
    const page = await occurrences.list(job.id, query);
    return { items: page.items.map(toOccurrenceMessage), total: page.total, page: query.page, limit: query.limit };
  };
}
