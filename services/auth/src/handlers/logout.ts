import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';
import { sessionIdOf } from './session-id';

export function logout({ sessions }: AuthHandlerDeps): UnaryHandler<auth.LogoutRequest, auth.LogoutResponse> {
  return async (_request, ctx) => {
    const sessionId = sessionIdOf(ctx);
    ctx.annotate({ sessionId });
    await sessions.logout(ctx.requireUserId(), sessionId);
    return {};
  };
}
