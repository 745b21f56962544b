import { httpCallOf } from './http-target';
import type { Job } from './job-handler';

const job: Job = { jobId: 'j1', runId: 'r1', userId: 'u1', attempt: 2, payload: { report: 'daily' }, target: undefined, timeoutMs: 0, dueAt: undefined, dispatchedAt: undefined };
const target = (fields: object = {}) => ({ url: 'https://api.example.com/hook', headers: {}, body: undefined, ...fields });

describe('httpCallOf', () => {
  it('POSTs the payload as JSON with the job headers by default', () => {
    const call = httpCallOf(target(), job);
    expect(call.method).toBe('POST');
    expect(call.url.href).toBe('https://api.example.com/hook');
    expect(call.body?.toString()).toBe('{"report":"daily"}');
    expect(call.headers).toMatchObject({ 'content-type': 'application/json', 'chrono-job-id': 'j1', 'chrono-run-id': 'r1', 'chrono-attempt': '2' });
  });

  it('sends a string body as text, keeps a content type the target sets, and sends no body with GET', () => {
    expect(httpCallOf(target({ body: 'hi' }), job).headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(httpCallOf(target({ body: 'hi', headers: { 'Content-Type': 'text/csv' } }), job).headers['content-type']).toBe('text/csv');
    expect(httpCallOf(target({ body: null }), job).body?.toString()).toBe('null');
    const get = httpCallOf(target({ method: 'get' }), job);
    expect(get.method).toBe('GET');
    expect(get.body).toBeUndefined();
  });

  it.each([
    [{ url: '/relative' }, 'target.http.url must be an absolute http or https URL, got "/relative"'],
    [{ url: 'file:///etc/passwd' }, 'target.http.url must be an absolute http or https URL, got "file:///etc/passwd"'],
    [{ url: 'https://user:pw@example.com/' }, 'target.http.url must not carry credentials; send them in target.http.headers'],
    [{ method: 'CONNECT' }, 'target.http.method CONNECT is not allowed'],
    [{ headers: { Host: 'other' } }, 'target.http.headers must not set Host: the executor sets it'],
    [{ headers: { 'X-Bad': 'line\r\nbreak' } }, 'target.http.headers has an invalid header: "X-Bad"'],
    [{ timeoutMs: 0 }, 'target.http.timeoutMs must be more than 0, got 0'],
  ])('refuses %j', (fields, message) => expect(() => httpCallOf(target(fields), job)).toThrow(message));
});
