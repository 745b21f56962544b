import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import { authorizationOf, requireSignedIn } from './bearer-credential';
import type { AuthHandlerDeps } from './handler-deps';

// The account is disabled, not erased: its jobs (cancelled) and history still name it.
export function deleteMe({ deletion }: AuthHandlerDeps): UnaryHandler<auth.DeleteMeRequest, auth.DeleteMeResponse> {
  return async (_request, ctx) => {
    requireSignedIn(ctx, 'delete its account');
    const cancelledJobs = await deletion.delete(ctx.requireUserId(), authorizationOf(ctx));
    ctx.annotate({ cancelledJobs });
    return {};
  };
}
