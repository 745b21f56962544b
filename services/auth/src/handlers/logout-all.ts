import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';

export function logoutAll({ sessions }: AuthHandlerDeps): UnaryHandler<auth.LogoutAllRequest, auth.LogoutAllResponse> {
  return async (_request, ctx) => {
    await sessions.logoutAll(ctx.requireUserId());
    return {};
  };
}
