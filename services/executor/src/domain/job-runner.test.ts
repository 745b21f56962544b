import { DefaultHandler } from './default-handler';
import { HandlerRegistry } from './handler-registry';
import { JobError } from './job-error';
import type { Job, JobHandler } from './job-handler';
import { JobRunner } from './job-runner';

function job(fields: Partial<Job> = {}): Job {
  return {
    jobId: 'j1',
    runId: 'r1',
    userId: 'u1',
    attempt: 1,
    payload: { a: 1 },
    target: undefined,
    timeoutMs: 0,
    dueAt: undefined,
    dispatchedAt: undefined,
    occurrenceAt: undefined,
    ...fields,
  };
}

/** An http handler stand-in that does what each test tells it, and remembers the signal it got. */
class ScriptedHandler implements JobHandler {
  readonly name = 'http';
  readonly description = 'scripted';
  signal?: AbortSignal;
  constructor(private readonly behaviour: (signal: AbortSignal) => Promise<unknown>) {}
  run(_job: Job, signal: AbortSignal): Promise<unknown> {
    this.signal = signal;
    return this.behaviour(signal);
  }
}

const never = () => new Promise<never>(() => undefined);
const httpJob = (fields: Partial<Job> = {}) =>
  job({ target: { http: { url: 'https://example.com', headers: {}, body: undefined }, nats: undefined }, ...fields });

describe('JobRunner', () => {
  const runner = (handler: JobHandler, defaultTimeoutMs = 60_000) =>
    new JobRunner(new HandlerRegistry([new DefaultHandler(), handler]), { defaultTimeoutMs });

  it('runs the default handler for a job without a target', async () => {
    const outcome = await runner(new ScriptedHandler(never)).run(job(), new AbortController().signal);
    expect(outcome).toEqual({ status: 'succeeded', handler: 'default', result: { a: 1 } });
  });

  it("records a JobError's message as it is and any other error as unexpected", async () => {
    const failing = await runner(new ScriptedHandler(async () => Promise.reject(new JobError('HTTP 500 from x')))).run(
      httpJob(),
      new AbortController().signal,
    );
    expect(failing).toEqual({ status: 'failed', handler: 'http', error: 'HTTP 500 from x' });
    const bug = await runner(new ScriptedHandler(async () => Promise.reject(new TypeError('x is undefined')))).run(
      httpJob(),
      new AbortController().signal,
    );
    expect(bug).toMatchObject({
      status: 'failed',
      error: 'unexpected error: x is undefined',
      unexpected: expect.any(TypeError),
    });
  });

  it('fails a job past its timeout and aborts the signal its handler got, even if the handler ignores it', async () => {
    const handler = new ScriptedHandler(never);
    const outcome = await runner(handler).run(httpJob({ timeoutMs: 50 }), new AbortController().signal);
    // Marked as timed out, which the run metrics count apart from other failures.
    expect(outcome).toEqual({ status: 'failed', handler: 'http', error: 'timed out after 50 ms', timedOut: true });
    expect(handler.signal?.aborted).toBe(true);
  });

  it('uses the default timeout when the job names none', async () => {
    const outcome = await runner(new ScriptedHandler(never), 30).run(
      httpJob({ timeoutMs: 0 }),
      new AbortController().signal,
    );
    expect(outcome).toMatchObject({ status: 'failed', error: 'timed out after 30 ms' });
  });

  it('reports an interrupted job as handed back, not failed', async () => {
    const interrupt = new AbortController();
    const handler = new ScriptedHandler(never);
    const running = runner(handler).run(httpJob(), interrupt.signal);
    interrupt.abort();
    expect(await running).toEqual({ status: 'interrupted' });
    expect(handler.signal?.aborted).toBe(true);
  });

  it('fails unknown targets and impossible attempts without running anything', async () => {
    const handler = new ScriptedHandler(never);
    const empty = await runner(handler).run(
      job({ target: { http: undefined, nats: undefined } }),
      new AbortController().signal,
    );
    expect(empty).toEqual({ status: 'failed', error: 'unknown target: it sets none of http' });
    const ftp = await runner(handler).run(
      job({ target: { ftp: { host: 'x' } } as unknown as Job['target'] }),
      new AbortController().signal,
    );
    expect(ftp).toEqual({ status: 'failed', error: 'unknown target "ftp"' });
    const zero = await runner(handler).run(job({ attempt: 0 }), new AbortController().signal);
    expect(zero).toEqual({ status: 'failed', error: 'attempt must be 1 or more, got 0' });
    expect(handler.signal).toBeUndefined();
  });
});
