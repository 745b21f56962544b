import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

// The account is disabled, not erased: its jobs and history still name it. Its jobs are not cancelled here.
export function deleteMe({ sessions }: AuthHandlerDeps): UnaryHandler<auth.DeleteMeRequest, auth.DeleteMeResponse> {
  return async (_request, ctx) => {
    await sessions.disableAccount(ctx.requireUserId());
    return {};
  };
}
