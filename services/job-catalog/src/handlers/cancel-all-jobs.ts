import type { jobInternal } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { JobHandlerDeps } from './handler-deps';

// auth calls it with the caller's own token when the account is deleted: it acts for that user only.
export function cancelAllJobs({
  accountJobs,
  limiter,
}: JobHandlerDeps): UnaryHandler<jobInternal.CancelAllJobsRequest, jobInternal.CancelAllJobsResponse> {
  return async (_request, ctx) => {
    const userId = ctx.requireUserId();
    await limiter.take(userId);
    const cancelledCount = await accountJobs.cancelAll(userId);
    ctx.annotate({ cancelledCount });
    return { cancelledCount };
  };
}
