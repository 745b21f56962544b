import type { TargetRules, TargetSecrets } from '@chrono/targets';
import { JobError } from './job-error';
import type { Job, JobHandler } from './job-handler';
import { httpCallOf } from './http-target';
import type { HttpCaller, OutboundResponse } from './http-caller';

// How much of an error answer's body goes into the failure message.
const ERROR_BODY_CHARS = 200;

/**
 * Runs jobs with an http target: calls the URL; a 2xx answer is success with its body as the result
 * (parsed when it is JSON), anything else a failure that says what came back.
 */
export class HttpHandler implements JobHandler {
  readonly name = 'http';
  readonly description =
    'Calls an HTTP endpoint: {"http": {"url", "method" (POST), "headers", "body" (the payload), "timeoutMs"}}; a 2xx answer is success and its body is the result.';

  constructor(
    private readonly client: HttpCaller,
    private readonly rules: TargetRules,
    /** Decrypts the target's header values (TARGET_SECRETS_KEY and TARGET_SECRETS_PREVIOUS_KEYS). */
    private readonly secrets: TargetSecrets,
  ) {}

  async run(job: Job, signal: AbortSignal): Promise<unknown> {
    const target = job.target?.http;
    if (!target) throw new JobError('target.http is missing');
    const call = httpCallOf(target, job, this.rules, this.secrets);
    const timeout = call.timeoutMs ? AbortSignal.timeout(call.timeoutMs) : undefined;
    let response: OutboundResponse;
    try {
      response = await this.client.send({ ...call, signal: timeout ? AbortSignal.any([signal, timeout]) : signal });
    } catch (error) {
      if (timeout?.aborted && !signal.aborted)
        throw new JobError(`request to ${call.url} timed out after ${call.timeoutMs} ms`);
      throw error;
    }
    if (response.status < 200 || response.status > 299) {
      const excerpt = textOf(response.body).replace(/\s+/g, ' ').trim().slice(0, ERROR_BODY_CHARS);
      const status = [response.status, response.statusText].filter(Boolean).join(' ');
      throw new JobError(`HTTP ${status} from ${response.url}${excerpt ? `: ${excerpt}` : ''}`);
    }
    return resultOf(response);
  }
}

/** The parsed body when the answer is JSON (and complete), else its text; null for an empty body. */
function resultOf(response: OutboundResponse): unknown {
  if (response.body.length === 0) return null;
  const text = textOf(response.body);
  if (!response.truncated && /[/+]json\b/i.test(response.contentType ?? '')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

// A body cut at the size cap may end inside a character; drop the replacement character that leaves.
function textOf(body: Buffer): string {
  return body.toString('utf8').replace(/\uFFFD$/, '');
}
