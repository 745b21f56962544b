import { DefaultHandler } from './default-handler';
import { HandlerRegistry } from './handler-registry';
import type { Job, JobHandler } from './job-handler';
import { JobRunner } from './job-runner';
import { RunningAttempts } from './running-attempts';

const attempt = { jobId: 'j1', runId: 'r1', attempt: 1 };

// A handler that runs until its signal aborts.
class UntilAborted implements JobHandler {
  readonly name = 'http';
  readonly description = 'runs until aborted';
  run(_job: Job, signal: AbortSignal): Promise<unknown> {
    return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted'))));
  }
}

describe('RunningAttempts', () => {
  it('cancels the attempt it holds, and only that one', () => {
    const attempts = new RunningAttempts();
    const cancel = jest.fn();
    attempts.hold(attempt, cancel);
    expect(attempts.cancel({ ...attempt, attempt: 2 })).toBe(false);
    expect(attempts.cancel({ ...attempt, runId: 'r2' })).toBe(false);
    expect(cancel).not.toHaveBeenCalled();
    expect(attempts.cancel(attempt)).toBe(true);
    expect(cancel).toHaveBeenCalledTimes(1);
  });

  it('forgets an attempt once released: a late cancel changes nothing', () => {
    const attempts = new RunningAttempts();
    const cancel = jest.fn();
    const release = attempts.hold(attempt, cancel);
    release();
    expect(attempts.size).toBe(0);
    expect(attempts.cancel(attempt)).toBe(false);
    expect(cancel).not.toHaveBeenCalled();
  });

  it('ends a running attempt as cancelled, not failed, when cancelled', async () => {
    const runner = new JobRunner(new HandlerRegistry([new DefaultHandler(), new UntilAborted()]), {
      defaultTimeoutMs: 60_000,
    });
    const attempts = new RunningAttempts();
    const job: Job = {
      ...attempt,
      userId: 'u1',
      payload: {},
      target: { http: { url: 'https://example.com', headers: {}, body: undefined }, nats: undefined },
      timeoutMs: 0,
      dueAt: undefined,
      dispatchedAt: undefined,
      occurrenceAt: undefined,
    };
    const running = runner.run(job, new AbortController().signal, attempts);
    expect(attempts.cancel(job)).toBe(true);
    await expect(running).resolves.toEqual({ status: 'cancelled', handler: 'http' });
    // Released once it ended.
    expect(attempts.size).toBe(0);
  });
});
