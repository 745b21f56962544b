import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AccountService } from '../domain/account-service';
import { toUserMessage } from './user-message';

export function register(accounts: AccountService): UnaryHandler<auth.RegisterRequest, auth.RegisterResponse> {
  return async (request, ctx) => {
    const session = await accounts.register(request);
    ctx.annotate({ userId: session.user.id });
    return { user: toUserMessage(session.user), accessToken: session.accessToken };
  };
}
