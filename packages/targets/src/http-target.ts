import { TargetError } from './target-error';
import type { TargetRules } from './target-rules';

/** An http target as a job carries it (the JSON of chrono.catalog.v1.HttpTarget). */
export interface HttpTargetInput {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: unknown;
  timeoutMs?: number;
}

/** An http target that passed the rules. */
export interface CheckedHttpTarget {
  url: URL;
  /** Upper case; POST when the target names none. */
  method: string;
  /** As the target wrote them. */
  headers: Record<string, string>;
  timeoutMs?: number;
}

/** The methods an http target may use. */
export const HTTP_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];
/** Headers the executor sets itself; a target that set them would produce a broken or misdirected request. */
export const EXECUTOR_OWN_HEADERS: readonly string[] = ['host', 'content-length', 'transfer-encoding', 'connection'];
// RFC 9110: a header name is a token; a value has no control characters but tab (the rule Node's http applies).
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

/**
 * Checks an http target: an absolute http or https URL without credentials, a known method, headers
 * that are valid and not the executor's own, and a timeout within HTTP_TARGET_MAX_TIMEOUT. Throws a
 * TargetError naming the field.
 */
export function checkHttpTarget(target: HttpTargetInput, rules: TargetRules): CheckedHttpTarget {
  const url = checkUrl(target.url);
  const method = (target.method || 'POST').toUpperCase();
  if (!HTTP_METHODS.includes(method))
    throw new TargetError(
      'target.http.method',
      `target.http.method must be one of ${HTTP_METHODS.join(', ')}, got "${target.method}"`,
    );
  const headers = target.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name) || typeof value !== 'string' || !HEADER_VALUE.test(value))
      throw new TargetError('target.http.headers', `target.http.headers has an invalid header: "${name}"`);
    if (EXECUTOR_OWN_HEADERS.includes(name.toLowerCase()))
      throw new TargetError('target.http.headers', `target.http.headers must not set ${name}: the executor sets it`);
  }
  const maxMs = rules.httpMaxTimeoutSeconds * 1000;
  const { timeoutMs } = target;
  if (timeoutMs !== undefined && (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > maxMs)) {
    throw new TargetError(
      'target.http.timeoutMs',
      `target.http.timeoutMs must be between 1 and ${maxMs} (HTTP_TARGET_MAX_TIMEOUT), got ${timeoutMs}`,
    );
  }
  return { url, method, headers, timeoutMs };
}

/**
 * A job with an http target may run at most HTTP_TARGET_MAX_TIMEOUT, so that jobs calling endpoints
 * that never answer cannot hold executor slots for a day. Throws a TargetError naming `timeoutSeconds`.
 */
export function checkHttpJobTimeout(timeoutSeconds: number, rules: TargetRules): void {
  if (timeoutSeconds > rules.httpMaxTimeoutSeconds) {
    throw new TargetError(
      'timeoutSeconds',
      `timeoutSeconds must be at most ${rules.httpMaxTimeoutSeconds} for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got ${timeoutSeconds}`,
    );
  }
}

function checkUrl(raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new TargetError('target.http.url', `target.http.url must be an absolute http or https URL, got "${raw}"`);
  if (url.username || url.password)
    throw new TargetError(
      'target.http.url',
      'target.http.url must not carry credentials; send them in target.http.headers',
    );
  return url;
}
