import type { CallContext } from '@chrono/kit';
import jwt from 'jsonwebtoken';

/**
 * The session (`sid`) of the call's bearer token. The server has verified the token before the
 * handler runs, so decoding it again is enough here.
 */
export function sessionIdOf(ctx: CallContext): string | undefined {
  const header = ctx.metadata.get('authorization')[0];
  const token = typeof header === 'string' ? /^Bearer (\S+)$/.exec(header.trim())?.[1] : undefined;
  const payload = token ? jwt.decode(token) : null;
  const sid = payload && typeof payload === 'object' ? payload.sid : undefined;
  return typeof sid === 'string' && sid.length > 0 ? sid : undefined;
}
