import { afterRunOutcome, letRunGo, runsAlongside, retryDispatched } from './allow-planning';
import { applied, job, planner } from './schedule-planner.test-fixtures';

// An every-2-seconds `allow` job due at 12:00:00, dispatched on time.
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, seconds));
const snapshot = job({
  type: 'recurring',
  cronExpression: '*/2 * * * * *',
  scheduledAt: at(0),
  overlapPolicy: 'allow',
});
const row = applied(planner.applyJobEvent(undefined, 'created', 1, snapshot, new Date(at(0).getTime() - 500)));
const inFlight = planner.dispatched(row, at(0), 60_000);

describe('allow in the planner', () => {
  it('lets only a recurring allow job run alongside', () => {
    expect(runsAlongside(row)).toBe(true);
    expect(runsAlongside({ ...row, overlapPolicy: 'skip' })).toBe(false);
    expect(runsAlongside({ ...row, type: 'one_time' })).toBe(false);
  });

  it('moves the row at once to the next occurrence as a new run, and keeps the dispatched run apart', () => {
    const { row: next, run } = letRunGo(inFlight, planner);
    expect(next).toMatchObject({ state: 'scheduled', status: 'pending', nextRunAt: at(2), attempt: 1, retryCount: 0 });
    expect(next.runId).not.toBe(inFlight.runId);
    expect(next.sequence).toBe(inFlight.sequence + 1);
    expect(run).toMatchObject({ runId: inFlight.runId, attempt: 1, dueAt: at(0), deadlineAt: inFlight.deadlineAt });
  });

  it('ends a run apart on success or on its last failure, and retries it with backoff otherwise', () => {
    const { run } = letRunGo(inFlight, planner);
    expect(afterRunOutcome(run, { attempt: 1, succeeded: true }, 2, at(3), planner)).toEqual({ kind: 'done' });
    expect(afterRunOutcome(run, { attempt: 1, succeeded: false }, 0, at(3), planner)).toEqual({ kind: 'done' });
    const retry = afterRunOutcome(run, { attempt: 1, succeeded: false }, 2, at(3), planner);
    expect(retry).toMatchObject({ kind: 'retry', run: { attempt: 2, retryCount: 1, retryAt: at(8) } });
    if (retry.kind !== 'retry') throw new Error('expected a retry');
    // While it waits to retry, a repeated outcome changes nothing; its dispatch puts it back in flight.
    expect(afterRunOutcome(retry.run, { attempt: 2, succeeded: true }, 2, at(4), planner)).toEqual({ kind: 'ignore' });
    const again = retryDispatched(retry.run, 30_000, 60_000, at(8));
    expect(again).toMatchObject({ attempt: 2, retryAt: undefined, dispatchedAt: at(8), deadlineAt: at(98) });
    expect(afterRunOutcome(again, { attempt: 1, succeeded: true }, 2, at(9), planner)).toEqual({ kind: 'ignore' });
    expect(afterRunOutcome(again, { attempt: 2, succeeded: true }, 2, at(9), planner)).toEqual({ kind: 'done' });
  });

  it('an outcome of a run apart matches no row: the row goes on with its own run', () => {
    const { row: next } = letRunGo(inFlight, planner);
    const { jobId, runId, attempt } = inFlight;
    expect(planner.afterOutcome(next, { jobId, runId, attempt, succeeded: true }, at(1))).toBeUndefined();
  });
});
