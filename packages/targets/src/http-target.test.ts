import { checkHttpJobTimeout, checkHttpTarget, type HttpTargetInput } from './http-target';
import { TargetError } from './target-error';
import type { TargetRules } from './target-rules';

const rules: TargetRules = { natsSubjects: [], reservedSubjects: [], httpMaxTimeoutSeconds: 3600 };
const target = (fields: Partial<HttpTargetInput> = {}): HttpTargetInput => ({
  url: 'https://api.example.com/hook',
  ...fields,
});

function refusal(fields: Partial<HttpTargetInput>): TargetError {
  try {
    checkHttpTarget(target(fields), rules);
  } catch (error) {
    return error as TargetError;
  }
  throw new Error(`${JSON.stringify(fields)} was not refused`);
}

describe('checkHttpTarget', () => {
  it('accepts a target and gives its URL, its method in upper case (POST by default) and its headers', () => {
    expect(checkHttpTarget(target(), rules)).toEqual({
      url: new URL('https://api.example.com/hook'),
      method: 'POST',
      headers: {},
      timeoutMs: undefined,
    });
    const checked = checkHttpTarget(
      target({ method: 'put', headers: { 'X-Api-Key': 'k1', Authorization: 'Bearer t' }, timeoutMs: 3_600_000 }),
      rules,
    );
    expect(checked).toMatchObject({
      method: 'PUT',
      headers: { 'X-Api-Key': 'k1', Authorization: 'Bearer t' },
      timeoutMs: 3_600_000,
    });
  });

  it.each<[Partial<HttpTargetInput>, string, string]>([
    [{ url: '/relative' }, 'target.http.url', 'target.http.url must be an absolute http or https URL, got "/relative"'],
    [
      { url: 'file:///etc/passwd' },
      'target.http.url',
      'target.http.url must be an absolute http or https URL, got "file:///etc/passwd"',
    ],
    [{ url: 'not a url' }, 'target.http.url', 'target.http.url must be an absolute http or https URL, got "not a url"'],
    [
      { url: 'https://user:pw@example.com/' },
      'target.http.url',
      'target.http.url must not carry credentials; send them in target.http.headers',
    ],
    [
      { url: 'https://user@example.com/' },
      'target.http.url',
      'target.http.url must not carry credentials; send them in target.http.headers',
    ],
    [
      { method: 'CONNECT' },
      'target.http.method',
      'target.http.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "CONNECT"',
    ],
    [
      { method: 'GE T' },
      'target.http.method',
      'target.http.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "GE T"',
    ],
    [
      { headers: { Host: 'other.example.com' } },
      'target.http.headers',
      'target.http.headers must not set Host: the executor sets it',
    ],
    [
      { headers: { 'Content-Length': '5' } },
      'target.http.headers',
      'target.http.headers must not set Content-Length: the executor sets it',
    ],
    [
      { headers: { 'transfer-encoding': 'chunked' } },
      'target.http.headers',
      'target.http.headers must not set transfer-encoding: the executor sets it',
    ],
    [
      { headers: { 'X-Bad': 'line\r\nbreak' } },
      'target.http.headers',
      'target.http.headers has an invalid header: "X-Bad"',
    ],
    [{ headers: { 'Bad Name': 'v' } }, 'target.http.headers', 'target.http.headers has an invalid header: "Bad Name"'],
    [
      { timeoutMs: 0 },
      'target.http.timeoutMs',
      'target.http.timeoutMs must be between 1 and 3600000 (HTTP_TARGET_MAX_TIMEOUT), got 0',
    ],
    [
      { timeoutMs: -5 },
      'target.http.timeoutMs',
      'target.http.timeoutMs must be between 1 and 3600000 (HTTP_TARGET_MAX_TIMEOUT), got -5',
    ],
    [
      { timeoutMs: 3_600_001 },
      'target.http.timeoutMs',
      'target.http.timeoutMs must be between 1 and 3600000 (HTTP_TARGET_MAX_TIMEOUT), got 3600001',
    ],
    [
      { timeoutMs: 1.5 },
      'target.http.timeoutMs',
      'target.http.timeoutMs must be between 1 and 3600000 (HTTP_TARGET_MAX_TIMEOUT), got 1.5',
    ],
  ])('refuses %j, naming %s', (fields, field, message) => {
    const error = refusal(fields);
    expect([error.field, error.message]).toEqual([field, message]);
  });
});

describe('checkHttpJobTimeout', () => {
  it('allows a job with an http target up to HTTP_TARGET_MAX_TIMEOUT and refuses a longer one, naming timeoutSeconds', () => {
    expect(() => checkHttpJobTimeout(3600, rules)).not.toThrow();
    expect(() => checkHttpJobTimeout(3601, rules)).toThrow(
      new TargetError(
        'timeoutSeconds',
        'timeoutSeconds must be at most 3600 for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got 3601',
      ),
    );
  });
});
