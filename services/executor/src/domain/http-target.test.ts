import { TargetSecrets, type TargetRules } from '@chrono/targets';
import { httpCallOf } from './http-target';
import { JobError } from './job-error';
import type { Job } from './job-handler';

const job: Job = {
  jobId: 'j1',
  runId: 'r1',
  userId: 'u1',
  attempt: 2,
  payload: { report: 'daily' },
  target: undefined,
  timeoutMs: 0,
  dueAt: undefined,
  dispatchedAt: undefined,
  occurrenceAt: undefined,
};
const target = (fields: object = {}) => ({
  url: 'https://api.example.com/hook',
  headers: {},
  body: undefined,
  ...fields,
});
const rules: TargetRules = { natsSubjects: [], reservedSubjects: [], httpMaxTimeoutSeconds: 600 };
const secrets = new TargetSecrets();

describe('httpCallOf', () => {
  it('POSTs the payload as JSON with the job headers by default, and keeps those headers apart as its own', () => {
    const call = httpCallOf(target({ headers: { 'X-Api-Key': 'k1' } }), job, rules, secrets);
    expect(call.method).toBe('POST');
    expect(call.url.href).toBe('https://api.example.com/hook');
    expect(call.body?.toString()).toBe('{"report":"daily"}');
    expect(call.headers).toEqual({
      'content-type': 'application/json',
      'user-agent': 'chrono-executor',
      'chrono-job-id': 'j1',
      'chrono-run-id': 'r1',
      'chrono-attempt': '2',
      'x-api-key': 'k1',
    });
    expect(call.ownHeaders).toEqual({
      'user-agent': 'chrono-executor',
      'chrono-job-id': 'j1',
      'chrono-run-id': 'r1',
      'chrono-attempt': '2',
      'content-type': 'application/json',
    });
    expect(
      httpCallOf(target({ headers: { 'Content-Type': 'text/csv' } }), job, rules, secrets).ownHeaders['content-type'],
    ).toBeUndefined();
  });

  it('sends a string body as text, keeps a content type the target sets, and sends no body with GET', () => {
    expect(httpCallOf(target({ body: 'hi' }), job, rules, secrets).headers['content-type']).toBe(
      'text/plain; charset=utf-8',
    );
    expect(
      httpCallOf(target({ body: 'hi', headers: { 'Content-Type': 'text/csv' } }), job, rules, secrets).headers[
        'content-type'
      ],
    ).toBe('text/csv');
    expect(httpCallOf(target({ body: null }), job, rules, secrets).body?.toString()).toBe('null');
    const get = httpCallOf(target({ method: 'get' }), job, rules, secrets);
    expect(get.method).toBe('GET');
    expect(get.body).toBeUndefined();
  });

  it.each([
    [
      { url: 'https://user:pw@example.com/' },
      'target.http.url must not carry credentials; send them in target.http.headers',
    ],
    [{ method: 'CONNECT' }, 'target.http.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "CONNECT"'],
    [{ headers: { Host: 'other' } }, 'target.http.headers must not set Host: the executor sets it'],
    [{ timeoutMs: 0 }, 'target.http.timeoutMs must be between 1 and 600000 (HTTP_TARGET_MAX_TIMEOUT), got 0'],
  ])('refuses %j with the rules of @chrono/targets, as a JobError', (fields, message) => {
    expect(() => httpCallOf(target(fields), job, rules, secrets)).toThrow(
      expect.objectContaining({ name: 'JobError', message }),
    );
  });

  it('refuses a job whose timeout is above HTTP_TARGET_MAX_TIMEOUT, and takes one at the bound', () => {
    expect(() => httpCallOf(target(), { ...job, timeoutMs: 601_000 }, rules, secrets)).toThrow(
      'timeoutSeconds must be at most 600 for a job with an http target (HTTP_TARGET_MAX_TIMEOUT), got 601',
    );
    expect(httpCallOf(target(), { ...job, timeoutMs: 600_000 }, rules, secrets).url.hostname).toBe('api.example.com');
  });

  it('decrypts header values just before sending, and fails the attempt naming a header it cannot decrypt', () => {
    const sealed = { 'X-Api-Key': secrets.seal('k1'), Legacy: 'plain' };
    expect(httpCallOf(target({ headers: sealed }), job, rules, secrets).headers).toMatchObject({
      'x-api-key': 'k1',
      legacy: 'plain',
    });
    const foreign = new TargetSecrets(Buffer.alloc(32, 7).toString('base64')).seal('k1');
    expect(() => httpCallOf(target({ headers: { 'X-Api-Key': foreign } }), job, rules, secrets)).toThrow(
      /^target\.http\.headers\.X-Api-Key cannot be decrypted: it was encrypted with key [0-9a-f]{8}/,
    );
    const tampered = `${sealed['X-Api-Key'].slice(0, -4)}AAA=`;
    expect(() => httpCallOf(target({ headers: { 'X-Api-Key': tampered } }), job, rules, secrets)).toThrow(JobError);
  });
});
