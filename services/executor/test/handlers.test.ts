import { dispatch, execution } from '@chrono/contracts';
import { freePort, waitFor, type ServiceProcess } from '@chrono/testkit';
import { JSONCodec } from 'nats';
import { executorIdOf } from './support/executors';
import { ExecutorRig } from './support/executor-rig';
import type { PrivateQueue } from './support/private-queue';
import type { TargetServer } from './support/target-server';

// Each handler end to end: a dispatch request on a private queue, a real executor process, the
// outcome read back from the EXECUTIONS stream, and a local HTTP server as the target.
describe('executor handlers', () => {
  let queue: PrivateQueue;
  let target: TargetServer;
  let executor: ServiceProcess;
  let rig: ExecutorRig;

  beforeAll(async () => {
    rig = await ExecutorRig.start();
    ({ queue, target, executor } = rig);
  });

  afterAll(() => rig?.close());

  const http = (path: string, fields: Record<string, unknown> = {}) => ({
    http: { url: target.url(path), headers: {}, body: undefined, ...fields },
  });

  describe('default (no target)', () => {
    it('succeeds at once with the payload as the result, and publishes started then succeeded with the ids and times', async () => {
      const request = await queue.dispatch({
        payload: { report: 'daily', count: 3 },
        attempt: 2,
        dueAt: new Date(Date.now() - 1500),
      });
      const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');
      const started = await queue.outcome(request.jobId, 'started');

      expect(succeeded).toMatchObject({
        jobId: request.jobId,
        runId: request.runId,
        attempt: 2,
        userId: request.userId,
        kind: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_SUCCEEDED,
        result: { report: 'daily', count: 3 },
        errorMessage: '',
        executorId: executorIdOf(executor),
        // Copied from the request, so that the history knows how late the attempt started.
        dueAt: request.dueAt,
      });
      expect(succeeded.completedAt!.getTime()).toBeGreaterThanOrEqual(succeeded.startedAt!.getTime());
      expect(started?.event).toMatchObject({
        jobId: request.jobId,
        kind: execution.ExecutionEventKind.EXECUTION_EVENT_KIND_STARTED,
        completedAt: undefined,
      });
      expect(started?.event.startedAt).toEqual(succeeded.startedAt);
      expect(started?.headers).toMatchObject({
        'Chrono-Type': 'chrono.events.v1.ExecutionEvent',
        'Nats-Msg-Id': `${request.runId}:2:started`,
      });
      expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 1, failed: 0 });
    });

    it('starts a run handed over before its due time (DISPATCH_LEAD) at that time, not before', async () => {
      const request = await queue.dispatch({ dueAt: new Date(Date.now() + 600) });
      const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');
      expect(succeeded.startedAt!.getTime()).toBeGreaterThanOrEqual(request.dueAt!.getTime());
    });
  });

  describe('http', () => {
    it('POSTs the payload as JSON with the job headers and returns the parsed JSON answer', async () => {
      const request = await queue.dispatch({
        payload: { to: 'ops' },
        target: http('/echo', { headers: { 'X-Api-Key': 'k1' } }),
      });
      const succeeded = await queue.waitForOutcome(request.jobId, 'succeeded');
      expect(succeeded.result).toEqual({ method: 'POST', contentType: 'application/json', body: '{"to":"ops"}' });
      const received = target.received.find((r) => r.jobId === request.jobId);
      expect(received?.headers).toMatchObject({
        'x-api-key': 'k1',
        'chrono-run-id': request.runId,
        'chrono-attempt': '1',
      });
    });

    it('uses the method and body of the target and returns a text answer as text', async () => {
      const get = await queue.dispatch({ payload: { ignored: true }, target: http('/text', { method: 'get' }) });
      expect((await queue.waitForOutcome(get.jobId, 'succeeded')).result).toBe('plain words');
      expect(target.received.find((r) => r.jobId === get.jobId)).toMatchObject({ method: 'GET', body: '' });

      const put = await queue.dispatch({ target: http('/echo', { method: 'PUT', body: 'raw text' }) });
      expect((await queue.waitForOutcome(put.jobId, 'succeeded')).result).toEqual({
        method: 'PUT',
        contentType: 'text/plain; charset=utf-8',
        body: 'raw text',
      });
    });

    it('follows redirects', async () => {
      const request = await queue.dispatch({ target: http(`/redirect?to=${encodeURIComponent('/json')}`) });
      expect((await queue.waitForOutcome(request.jobId, 'succeeded')).result).toEqual({ ok: true, n: 1 });
    });

    it('cuts a long answer at 64 KiB', async () => {
      const request = await queue.dispatch({ target: http('/big/200000') });
      const result = (await queue.waitForOutcome(request.jobId, 'succeeded')).result as string;
      expect(result).toBe('x'.repeat(65_536));
    });

    it('fails on a non-2xx answer with the status, the URL and the start of the body', async () => {
      const request = await queue.dispatch({ target: http('/status/503') });
      const failed = await queue.waitForOutcome(request.jobId, 'failed');
      expect(failed.errorMessage).toBe(
        `HTTP 503 Service Unavailable from ${target.url('/status/503')}: down for maintenance`,
      );
      expect(failed.result).toBeUndefined();
      expect(await queue.outcomeCounts(request.jobId)).toEqual({ started: 1, succeeded: 0, failed: 1 });
    });

    it('fails on a network error, saying what happened', async () => {
      const port = await freePort();
      const request = await queue.dispatch({
        target: { http: { url: `http://127.0.0.1:${port}/x`, headers: {}, body: undefined } },
      });
      expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
        `request to http://127.0.0.1:${port}/x failed: connection refused (ECONNREFUSED)`,
      );
    });

    it('fails after more than 5 redirects', async () => {
      const request = await queue.dispatch({ target: http('/loop') });
      expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
        `too many redirects from ${target.url('/loop')} (more than 5)`,
      );
      expect(target.hits(request.jobId)).toBe(6);
    });

    it.each([
      [
        { url: 'ftp://example.com/file' },
        'target.http.url must be an absolute http or https URL, got "ftp://example.com/file"',
      ],
      [{ url: 'not a url' }, 'target.http.url must be an absolute http or https URL, got "not a url"'],
      [{ method: 'GE T' }, 'target.http.method must be one of GET, POST, PUT, PATCH, DELETE, HEAD, got "GE T"'],
      [
        { url: 'https://user:secret@example.com/' },
        'target.http.url must not carry credentials; send them in target.http.headers',
      ],
      [{ headers: { 'Content-Length': '5' } }, 'target.http.headers must not set Content-Length: the executor sets it'],
      [{ timeoutMs: -5 }, 'target.http.timeoutMs must be between 1 and 3600000 (HTTP_TARGET_MAX_TIMEOUT), got -5'],
    ])('fails a bad target %j with a message naming the field', async (fields, message) => {
      const request = await queue.dispatch({ target: http('/json', fields) });
      expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(message);
      expect(target.hits(request.jobId)).toBe(0);
    });
  });

  describe('bad input', () => {
    it('fails a request whose target names no handler it knows, and acknowledges it', async () => {
      const request = await queue.dispatch({ target: { http: undefined, nats: undefined } });
      expect((await queue.waitForOutcome(request.jobId, 'failed')).errorMessage).toBe(
        'unknown target: it sets none of http, nats',
      );
      await waitFor(async () => (await queue.consumerInfo()).num_ack_pending === 0, {
        what: 'the request to be acknowledged',
      });
      expect((await queue.consumerInfo()).num_redelivered).toBe(0);
    });

    it('moves a request that cannot be decoded to the dead letters, terminated rather than retried', async () => {
      const garbage = Buffer.from('this is not a protobuf message');
      const seq = await queue.publishRaw(garbage);
      const deadLetterSubject = `deadletter.${queue.consumer}`;
      const letter = await waitFor(
        () => queue.jsm.streams.getMessage('DEAD_LETTERS', { last_by_subj: deadLetterSubject }).catch(() => undefined),
        { what: 'the dead letter' },
      );
      expect(JSONCodec().decode(letter.data)).toMatchObject({
        stream: queue.stream,
        consumer: queue.consumer,
        subject: queue.subject,
        seq,
        data: garbage.toString('base64'),
      });
      expect((JSONCodec().decode(letter.data) as { error: string }).error).toMatch(
        /^not a chrono\.events\.v1\.DispatchRequest: /,
      );
      // Terminated: gone from the work queue, so no executor sees it again.
      await waitFor(async () => (await queue.jsm.streams.info(queue.stream)).state.messages === 0, {
        what: 'the request to leave the queue',
      });
      await waitFor(() => executor.logs.includes('undecodable dispatch request moved to dead letters'), {
        what: 'the log line',
      });
    });

    it.each([
      ['without a job id', {}, 'not a chrono.events.v1.DispatchRequest: it has no jobId'],
      [
        'with a job id that cannot be part of a subject',
        { jobId: 'a.b' },
        'jobId must be an id without spaces, dots, colons or wildcards, got "a.b"',
      ],
    ])('moves a request %s to the dead letters', async (_case, fields, message) => {
      const seq = await queue.publishRaw(
        dispatch.DispatchRequest.encode(dispatch.DispatchRequest.fromPartial({ runId: 'r1', ...fields })).finish(),
      );
      const letter = await waitFor(
        async () => {
          const found = await queue.jsm.streams
            .getMessage('DEAD_LETTERS', { last_by_subj: `deadletter.${queue.consumer}` })
            .catch(() => undefined);
          return found && (JSONCodec().decode(found.data) as { seq: number }).seq === seq ? found : undefined;
        },
        { what: 'the dead letter' },
      );
      expect((JSONCodec().decode(letter.data) as { error: string }).error).toBe(message);
    });
  });
});
