import { Metadata, status, type CallOptions, type ServiceError } from '@grpc/grpc-js';
import type { Session } from './session';
import { toChronoError } from './to-chrono-error';

// The last overload of a ts-proto client method, which is the one TypeScript infers from.
type UnaryMethod<Req, Res> = (
  request: Req,
  metadata: Metadata,
  options: Partial<CallOptions>,
  callback: (error: ServiceError | null, response: Res) => void,
) => unknown;

/** What a call sends besides its request. */
export interface CallSettings {
  /** Send the session's bearer token (every call but register, login and the JWKS). */
  authenticated?: boolean;
  /** Extra metadata, such as `idempotency-key`. */
  headers?: Record<string, string>;
}

/** Makes unary calls as promises: with the deadline, the session's bearer token (if it has a session), and typed errors. */
export class UnaryCaller {
  constructor(
    private readonly deadlineMs: number,
    private readonly session?: Session,
  ) {}

  async call<Req, Res>(method: UnaryMethod<Req, Res>, request: Req, settings: CallSettings = {}): Promise<Res> {
    const token = settings.authenticated ? await this.session?.accessToken() : undefined;
    try {
      return await this.once(method, request, settings, token);
    } catch (error) {
      // A token revoked or expired early (its signing key rotated): sign in again and repeat the call once.
      if (token && (error as ServiceError).code === status.UNAUTHENTICATED && this.session?.canRenew()) {
        return this.once(method, request, settings, await this.session.renew()).catch((again: unknown) => {
          throw toChronoError(again);
        });
      }
      throw toChronoError(error);
    }
  }

  private once<Req, Res>(
    method: UnaryMethod<Req, Res>,
    request: Req,
    { headers = {} }: CallSettings,
    token: string | undefined,
  ): Promise<Res> {
    // waitForReady: a call made while a service restarts waits for it (within the deadline) instead of failing at once.
    const metadata = new Metadata({ waitForReady: true });
    for (const [key, value] of Object.entries(headers)) metadata.set(key, value);
    if (token) metadata.set('authorization', `Bearer ${token}`);
    return new Promise((resolve, reject) =>
      method(request, metadata, { deadline: Date.now() + this.deadlineMs }, (error, response) =>
        error ? reject(error) : resolve(response),
      ),
    );
  }
}
