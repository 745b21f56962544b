import { validateHeaderName, validateHeaderValue } from 'node:http';
import type { catalog } from '@chrono/contracts';
import { JobError } from './job-error';
import type { Job } from './job-handler';

/** An http target, checked and ready to send. */
export interface HttpCall {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** The target's own timeout, in ms, if it has one. */
  timeoutMs?: number;
}

const METHOD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const FORBIDDEN_METHODS = ['CONNECT', 'TRACE'];
// The executor sets these itself; a target that sets them would produce a broken request.
const OWN_HEADERS = ['host', 'content-length', 'transfer-encoding', 'connection'];

/**
 * Checks an http target and builds the request: POST by default, the body (the payload when the
 * target names none) as JSON, or as text when it is a string; none for GET and HEAD. Throws
 * JobError naming the field that is wrong.
 */
export function httpCallOf(target: catalog.HttpTarget, job: Job): HttpCall {
  const url = parseUrl(target.url);
  const method = (target.method || 'POST').toUpperCase();
  if (!METHOD.test(method)) throw new JobError(`target.http.method must be an HTTP method such as GET or POST, got "${target.method}"`);
  if (FORBIDDEN_METHODS.includes(method)) throw new JobError(`target.http.method ${method} is not allowed`);
  if (target.timeoutMs !== undefined && target.timeoutMs <= 0) throw new JobError(`target.http.timeoutMs must be more than 0, got ${target.timeoutMs}`);

  const headers: Record<string, string> = {
    'user-agent': 'chrono-executor',
    'chrono-job-id': job.jobId,
    'chrono-run-id': job.runId,
    'chrono-attempt': String(job.attempt),
  };
  for (const [name, value] of Object.entries(target.headers ?? {})) {
    const lower = name.toLowerCase();
    if (OWN_HEADERS.includes(lower)) throw new JobError(`target.http.headers must not set ${name}: the executor sets it`);
    try {
      validateHeaderName(name);
      validateHeaderValue(name, value);
    } catch {
      throw new JobError(`target.http.headers has an invalid header: "${name}"`);
    }
    headers[lower] = value;
  }

  const value = target.body !== undefined ? target.body : job.payload;
  if (method === 'GET' || method === 'HEAD' || value === undefined) return { url, method, headers, timeoutMs: target.timeoutMs };
  const text = typeof value === 'string';
  headers['content-type'] ??= text ? 'text/plain; charset=utf-8' : 'application/json';
  return { url, method, headers, body: Buffer.from(text ? value : JSON.stringify(value)), timeoutMs: target.timeoutMs };
}

function parseUrl(raw: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new JobError(`target.http.url must be an absolute http or https URL, got "${raw}"`);
  }
  if (url.username || url.password) throw new JobError('target.http.url must not carry credentials; send them in target.http.headers');
  return url;
}
