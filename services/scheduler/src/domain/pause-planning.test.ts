import { FailedPreconditionError } from '@chrono/kit';
import type { EventDecision } from './schedule-planner';
import { applied, job, now, planner } from './schedule-planner.test-fixtures';

const later = (ms: number) => new Date(now.getTime() + ms);
const HOUR = 3600_000;
// Hourly at :30; created at 12:00, so its first run is 12:30.
const hourly = (overrides = {}) =>
  job({ type: 'recurring', recurrencePattern: 'hourly', scheduledAt: new Date('2026-03-01T02:30:00Z'), ...overrides });
const announced = (decision: EventDecision) => decision.kind === 'apply' && decision.announced;

describe('pausing and resuming a schedule row', () => {
  it('pauses a waiting row without announcing it, and keeps the run it waited for', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const pausing = planner.applyJobEvent(row, 'paused', 2, hourly({ status: 'paused' }), now);
    expect(applied(pausing)).toMatchObject({ state: 'paused', status: 'paused', nextRunAt: row.nextRunAt });
    expect(announced(pausing)).toBeFalsy();
  });

  it('resumes with nothing missed at the run it waited for', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, hourly({ status: 'paused' }), now));
    const resumed = applied(planner.applyJobEvent(paused, 'resumed', 3, hourly(), later(60_000)));
    expect(resumed).toMatchObject({ state: 'scheduled', status: 'pending', nextRunAt: row.nextRunAt });
  });

  it('resumes after missed occurrences once, now, without a catch-up window', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, hourly({ status: 'paused' }), now));
    const at = later(3 * HOUR);
    const resuming = planner.applyJobEvent(paused, 'resumed', 3, hourly(), at);
    expect(applied(resuming)).toMatchObject({ state: 'scheduled', nextRunAt: at, catchUpRuns: 0 });
    expect(announced(resuming)).toMatchObject({ status: 'pending', nextRunAt: at });
  });

  it('resumes at the oldest missed occurrence within the catch-up window, then runs the next ones', () => {
    const created = hourly({ catchUpWindowMs: 2 * HOUR });
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, created, now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, { ...created, status: 'paused' }, now));
    // Resumed at 15:45: 12:30 is outside the window, 13:30 too (2 h 15 min), 14:30 and 15:30 run.
    const resumed = applied(planner.applyJobEvent(paused, 'resumed', 3, created, later(3.75 * HOUR)));
    expect(resumed).toMatchObject({ nextRunAt: new Date('2026-03-01T14:30:00Z'), catchUpRuns: 1 });
    const dispatched = planner.dispatched(resumed, later(3.75 * HOUR), 60_000);
    const { runId, attempt } = dispatched;
    const outcome = { jobId: 'j1', runId, attempt, succeeded: true, endedAt: later(3.76 * HOUR) };
    const next = planner.afterOutcome(dispatched, outcome, later(3.76 * HOUR));
    expect(next).toMatchObject({ nextRunAt: new Date('2026-03-01T15:30:00Z'), catchUpRuns: 2 });
  });

  it('settles an attempt in flight when paused: a recurring job stays paused, a one-time job ends', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const inFlight = planner.dispatched(row, row.nextRunAt!, 60_000);
    const paused = applied(planner.applyJobEvent(inFlight, 'paused', 2, hourly({ status: 'paused' }), now));
    expect(paused).toMatchObject({ state: 'paused', dueAt: row.nextRunAt });
    const outcome = { jobId: 'j1', runId: paused.runId, attempt: 1, succeeded: true };
    const settled = planner.afterOutcome(paused, outcome, later(HOUR));
    expect(settled).toMatchObject({ state: 'paused', status: 'paused', sequence: paused.sequence });

    const once = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    const onceInFlight = planner.dispatched(once, once.nextRunAt!, 60_000);
    const oncePaused = applied(planner.applyJobEvent(onceInFlight, 'paused', 2, job({ status: 'paused' }), now));
    const done = planner.afterOutcome(oncePaused, { ...outcome, runId: oncePaused.runId }, later(HOUR));
    expect(done).toMatchObject({ state: 'idle', status: 'completed', sequence: oncePaused.sequence + 1 });
  });

  it('misses a one-time job whose time passed outside its catch-up window while paused', () => {
    const once = job({ catchUpWindowMs: 60_000 });
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, once, now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, { ...once, status: 'paused' }, now));
    const resumed = applied(planner.applyJobEvent(paused, 'resumed', 3, once, later(2 * HOUR)));
    expect(resumed).toMatchObject({ state: 'idle', status: 'failed', nextRunAt: undefined });
  });

  it('keeps a rescheduled paused job paused at its new time', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, job({ status: 'paused' }), now));
    const at = later(5 * HOUR);
    const moved = applied(
      planner.applyJobEvent(paused, 'rescheduled', 3, job({ status: 'paused', scheduledAt: at }), now),
    );
    expect(moved).toMatchObject({ state: 'paused', nextRunAt: at });
  });

  it('refuses to trigger a paused job', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, job({ status: 'paused' }), now));
    expect(() => planner.triggerNow(paused, 'u1', now)).toThrow(FailedPreconditionError);
  });
});
