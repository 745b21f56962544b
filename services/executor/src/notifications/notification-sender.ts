import { openHeaders, signNotification, SIGNATURE_HEADER, TargetError, type TargetSecrets } from '@chrono/targets';
import type { HttpCaller } from '../domain/http-caller';

/** One delivery attempt job-catalog asks for: the body it built, the secret and headers still sealed. */
export interface NotificationRequest {
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
  url: string;
  /** Header values sealed with TARGET_SECRETS_KEY. */
  headers: Record<string, string>;
  /** The owner's signing secret, sealed with TARGET_SECRETS_KEY. */
  sealedSecret: string;
  /** The JSON body, sent byte for byte as signed. */
  body: string;
}

/** What became of an attempt: the answer's status, or why there was none. */
export interface NotificationAttemptResult {
  deliveryId: string;
  attempt: number;
  statusCode?: number;
  error?: string;
  at: Date;
}

/**
 * Sends one notification attempt through the executor's outbound client (the network rules of http
 * targets: HTTP_ALLOW_HOSTS, private addresses refused, redirects checked), as a POST with the JSON
 * body and `Chrono-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`, signed at the
 * time of sending so that every retry carries a fresh timestamp. Never throws: a refused address, a
 * network error or the timeout is an attempt without a status.
 */
export async function sendNotification(
  request: NotificationRequest,
  deps: { http: HttpCaller; secrets: TargetSecrets; timeoutMs: number; now?: () => Date },
): Promise<NotificationAttemptResult> {
  const now = deps.now ?? (() => new Date());
  const result = { deliveryId: request.deliveryId, attempt: request.attempt };
  try {
    const secret = deps.secrets.open(request.sealedSecret);
    const own = {
      'content-type': 'application/json',
      [SIGNATURE_HEADER.toLowerCase()]: signNotification(secret, request.body, now()),
    };
    const answer = await deps.http.send({
      url: new URL(request.url),
      method: 'POST',
      headers: { ...openHeaders(request.headers, deps.secrets), ...own },
      ownHeaders: own,
      body: Buffer.from(request.body),
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
    const failed = answer.status < 200 || answer.status >= 300;
    return { ...result, statusCode: answer.status, ...(failed && { error: `HTTP ${answer.status}` }), at: now() };
  } catch (error) {
    const message = error instanceof TargetError || error instanceof Error ? error.message : String(error);
    return { ...result, error: message, at: now() };
  }
}
