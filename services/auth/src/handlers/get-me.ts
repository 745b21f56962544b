import type { auth } from '@chrono/contracts';
import type { UnaryHandler } from '@chrono/kit';
import type { AccountService } from '../domain/account-service';
import { toUserMessage } from './user-message';

export function getMe(accounts: AccountService): UnaryHandler<auth.GetMeRequest, auth.GetMeResponse> {
  return async (_request, ctx) => ({ user: toUserMessage(await accounts.currentUser(ctx.requireUserId())) });
}
