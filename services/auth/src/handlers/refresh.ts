import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AuthHandlerDeps } from './handler-deps';
import { toUserMessage } from './user-message';

export function refresh({ sessions }: AuthHandlerDeps): UnaryHandler<auth.RefreshRequest, auth.RefreshResponse> {
  return async (request) => {
    const { user, accessToken, refreshToken, expiresIn } = await sessions.refresh(request.refreshToken);
    return { user: toUserMessage(user), accessToken, refreshToken, expiresIn };
  };
}
