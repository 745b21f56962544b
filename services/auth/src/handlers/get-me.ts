import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';
import { toUserMessage } from './user-message';

export function getMe({ accounts }: AuthHandlerDeps): UnaryHandler<auth.GetMeRequest, auth.GetMeResponse> {
  return async (_request, ctx) => ({ user: toUserMessage(await accounts.currentUser(ctx.requireUserId())) });
}
