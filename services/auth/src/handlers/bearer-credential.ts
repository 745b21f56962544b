import { FailedPreconditionError, isApiKey, type CallContext } from '@chrono/kit';

/** The call's `authorization` header as sent (the server has verified it before the handler runs). */
export function authorizationOf(ctx: CallContext): string {
  // Not ctx.header(), which drops values past 200 characters: an access token is longer.
  const value = ctx.metadata.get('authorization')[0];
  return typeof value === 'string' ? value : '';
}

/**
 * Refuses a call made with an API key: making keys and deleting the account need a person signed in,
 * so that a leaked key cannot outlive its revocation by making others, or delete its account.
 */
export function requireSignedIn(ctx: CallContext, action: string): void {
  const credential = /^Bearer (\S+)$/.exec(authorizationOf(ctx).trim())?.[1];
  if (credential && isApiKey(credential))
    throw new FailedPreconditionError(`an API key cannot ${action}; sign in with a password`);
}
