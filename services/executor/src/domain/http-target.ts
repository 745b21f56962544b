import type { catalog } from '@chrono/contracts';
import {
  checkHttpJobTimeout,
  checkHttpTarget,
  openHeaders,
  type TargetRules,
  type TargetSecrets,
} from '@chrono/targets';
import { checkedByTargetRules } from './job-error';
import type { Job } from './job-handler';

/** An http target, checked and ready to send. */
export interface HttpCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  /** The headers the executor sets itself (a content type it chose included): the only ones sent on after a redirect to another origin. */
  ownHeaders: Record<string, string>;
  body?: Buffer;
  /** The target's own timeout, in ms, if it has one. */
  timeoutMs?: number;
}

/**
 * Checks an http target with the rules of @chrono/targets (and the job's timeout against
 * HTTP_TARGET_MAX_TIMEOUT), then builds the request: POST by default, the body (the payload when the
 * target names none) as JSON, or as text when it is a string; none for GET and HEAD. Header values
 * are decrypted here, just before sending (job-catalog encrypted them). Throws JobError with the
 * message job-catalog gives at creation, or naming the header that cannot be decrypted.
 */
export function httpCallOf(target: catalog.HttpTarget, job: Job, rules: TargetRules, secrets: TargetSecrets): HttpCall {
  const checked = checkedByTargetRules(() => {
    if (job.timeoutMs > 0) checkHttpJobTimeout(job.timeoutMs / 1000, rules);
    return checkHttpTarget({ ...target, headers: openHeaders(target.headers, secrets) }, rules);
  });
  const { url, method, timeoutMs } = checked;
  const ownHeaders: Record<string, string> = {
    'user-agent': 'chrono-executor',
    'chrono-job-id': job.jobId,
    'chrono-run-id': job.runId,
    'chrono-attempt': String(job.attempt),
  };
  const headers = { ...ownHeaders };
  for (const [name, value] of Object.entries(checked.headers)) headers[name.toLowerCase()] = value;

  const value = target.body !== undefined ? target.body : job.payload;
  if (method === 'GET' || method === 'HEAD' || value === undefined)
    return { url, method, headers, ownHeaders, timeoutMs };
  const text = typeof value === 'string';
  if (headers['content-type'] === undefined)
    ownHeaders['content-type'] = headers['content-type'] = text ? 'text/plain; charset=utf-8' : 'application/json';
  return { url, method, headers, ownHeaders, body: Buffer.from(text ? value : JSON.stringify(value)), timeoutMs };
}
