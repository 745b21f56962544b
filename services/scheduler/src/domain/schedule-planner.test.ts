import type { Schedule } from './schedule';
import { applied, job, now, planner } from './schedule-planner.test-fixtures';

describe('SchedulePlanner', () => {
  it('schedules a new one-time job at its time, and one in the past at once', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    expect(row).toMatchObject({
      state: 'scheduled',
      status: 'pending',
      nextRunAt: new Date('2026-03-01T13:00:00Z'),
      attempt: 1,
      retryCount: 0,
      timeoutMs: 30_000,
      jobVersion: 1,
    });
    expect(row.runId).toMatch(/^run-\d+$/); // from the injected id source
    const late = applied(
      planner.applyJobEvent(undefined, 'created', 1, job({ scheduledAt: new Date('2026-02-01T00:00:00Z') }), now),
    );
    expect(late.nextRunAt).toEqual(new Date('2026-02-01T00:00:00Z'));
  });

  it('schedules a recurring job anchored in the past at its next occurrence, not the missed ones', () => {
    const row = applied(
      planner.applyJobEvent(
        undefined,
        'created',
        1,
        job({ type: 'recurring', recurrencePattern: 'hourly', scheduledAt: new Date('2026-03-01T02:30:00Z') }),
        now,
      ),
    );
    expect(row.nextRunAt).toEqual(new Date('2026-03-01T12:30:00Z'));
  });

  it('applies events in version order: skips old ones, waits for missing ones', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    expect(planner.applyJobEvent(row, 'created', 1, job(), now)).toEqual({ kind: 'skip' });
    expect(planner.applyJobEvent(row, 'updated', 3, job(), now)).toEqual({ kind: 'wait' });
    expect(planner.applyJobEvent(undefined, 'updated', 2, job(), now)).toEqual({ kind: 'wait' });
    expect(applied(planner.applyJobEvent(undefined, 'updated', 2, job(), now, true)).jobVersion).toBe(2);
    expect(applied(planner.applyJobEvent(row, 'deleted', 5, job(), now)).state).toBe('deleted');
  });

  it('moves a waiting run when the schedule changes, and leaves a run in flight alone', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    const moved = applied(
      planner.applyJobEvent(row, 'updated', 2, job({ scheduledAt: new Date('2026-03-02T00:00:00Z') }), now),
    );
    expect(moved.nextRunAt).toEqual(new Date('2026-03-02T00:00:00Z'));
    const renamed = applied(planner.applyJobEvent(row, 'updated', 2, job({ payload: { a: 2 } }), now));
    expect(renamed).toMatchObject({ runId: row.runId, nextRunAt: row.nextRunAt, payload: { a: 2 } });
    const inFlight = planner.dispatched(row, now, 60_000);
    const updated = applied(
      planner.applyJobEvent(inFlight, 'updated', 2, job({ scheduledAt: new Date('2026-03-02T00:00:00Z') }), now),
    );
    expect(updated).toMatchObject({ state: 'dispatched', runId: row.runId });
  });

  it('cancels, and a reschedule starts a new run even for an idle job', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    const cancelled = applied(planner.applyJobEvent(row, 'cancelled', 2, job({ status: 'cancelled' }), now));
    expect(cancelled).toMatchObject({ state: 'idle', status: 'cancelled', nextRunAt: undefined });
    const back = applied(
      planner.applyJobEvent(cancelled, 'rescheduled', 3, job({ scheduledAt: new Date('2026-04-01T00:00:00Z') }), now),
    );
    expect(back).toMatchObject({
      state: 'scheduled',
      status: 'pending',
      nextRunAt: new Date('2026-04-01T00:00:00Z'),
      attempt: 1,
    });
    expect(back.runId).not.toBe(row.runId);
  });

  it('marks a dispatched attempt with its deadline: the timeout plus the grace', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    expect(planner.dispatched(row, now, 60_000)).toMatchObject({
      state: 'dispatched',
      status: 'running',
      dueAt: row.nextRunAt,
      deadlineAt: new Date(now.getTime() + 90_000),
      nextRunAt: undefined,
    });
  });

  it('retries a failure with exponential backoff while retries remain, then fails a one-time job', () => {
    let row = planner.dispatched(applied(planner.applyJobEvent(undefined, 'created', 1, job(), now)), now, 0);
    const outcome = (r: Schedule, succeeded: boolean) => ({
      jobId: 'j1',
      runId: r.runId,
      attempt: r.attempt,
      succeeded,
    });
    row = planner.afterOutcome(row, outcome(row, false), now) as Schedule;
    expect(row).toMatchObject({
      state: 'scheduled',
      attempt: 2,
      retryCount: 1,
      nextRunAt: new Date(now.getTime() + 5000),
    });
    row = planner.dispatched(row, now, 0);
    row = planner.afterOutcome(row, outcome(row, false), now) as Schedule;
    expect(row).toMatchObject({ attempt: 3, retryCount: 2, nextRunAt: new Date(now.getTime() + 10_000) });
    row = planner.dispatched(row, now, 0);
    expect(planner.afterOutcome(row, outcome(row, false), now)).toMatchObject({
      state: 'idle',
      status: 'failed',
      retryCount: 2,
    });
  });

  it('ignores an outcome that is not for the attempt in flight (a duplicate or a stale one)', () => {
    const row = planner.dispatched(applied(planner.applyJobEvent(undefined, 'created', 1, job(), now)), now, 0);
    expect(
      planner.afterOutcome(row, { jobId: 'j1', runId: 'other', attempt: 1, succeeded: true }, now),
    ).toBeUndefined();
    expect(
      planner.afterOutcome(row, { jobId: 'j1', runId: row.runId, attempt: 2, succeeded: true }, now),
    ).toBeUndefined();
    const done = planner.afterOutcome(
      row,
      { jobId: 'j1', runId: row.runId, attempt: 1, succeeded: true },
      now,
    ) as Schedule;
    expect(done).toMatchObject({ state: 'idle', status: 'completed' });
    expect(
      planner.afterOutcome(done, { jobId: 'j1', runId: row.runId, attempt: 1, succeeded: true }, now),
    ).toBeUndefined();
  });

  it('takes an outcome that arrives before its dispatch was recorded', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));
    expect(
      planner.afterOutcome(row, { jobId: 'j1', runId: row.runId, attempt: 1, succeeded: true }, now),
    ).toMatchObject({ state: 'idle', status: 'completed' });
    expect(
      planner.afterOutcome(row, { jobId: 'j1', runId: row.runId, attempt: 2, succeeded: true }, now),
    ).toBeUndefined();
  });

  it('moves a recurring job to its next occurrence after a success or its last failure, as a new run', () => {
    const recurring = job({
      type: 'recurring',
      recurrencePattern: 'daily',
      scheduledAt: new Date('2026-03-01T12:00:00Z'),
      maxRetries: 0,
    });
    const row = planner.dispatched(applied(planner.applyJobEvent(undefined, 'created', 1, recurring, now)), now, 0);
    const later = new Date('2026-03-01T12:00:05Z');
    const next = planner.afterOutcome(
      row,
      { jobId: 'j1', runId: row.runId, attempt: 1, succeeded: false },
      later,
    ) as Schedule;
    expect(next).toMatchObject({
      state: 'scheduled',
      status: 'pending',
      nextRunAt: new Date('2026-03-02T12:00:00Z'),
      attempt: 1,
      retryCount: 0,
    });
    expect(next.runId).not.toBe(row.runId);
  });
});
