import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';
import { toUserMessage } from './user-message';

export function login({ accounts }: AuthHandlerDeps): UnaryHandler<auth.LoginRequest, auth.LoginResponse> {
  return async (request, ctx) => {
    const session = await accounts.login(request, ctx.clientAddress);
    ctx.annotate({ userId: session.user.id });
    const { user, accessToken, refreshToken, expiresIn } = session;
    return { user: toUserMessage(user), accessToken, refreshToken, expiresIn };
  };
}
