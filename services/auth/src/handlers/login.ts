import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AccountService } from '../domain/account-service';
import { toUserMessage } from './user-message';

export function login(accounts: AccountService): UnaryHandler<auth.LoginRequest, auth.LoginResponse> {
  return async (request, ctx) => {
    const session = await accounts.login(request, ctx.clientAddress);
    ctx.annotate({ userId: session.user.id });
    return { user: toUserMessage(session.user), accessToken: session.accessToken };
  };
}
