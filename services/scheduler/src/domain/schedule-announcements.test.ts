import { FailedPreconditionError, NotFoundError } from '@chrono/kit';
import type { Schedule } from './schedule';
import { applied, job, now, planner } from './schedule-planner.test-fixtures';

const created = () => applied(planner.applyJobEvent(undefined, 'created', 1, job(), now));

// Which changes job-catalog hears about, each with the row's next sequence, and the rules of
// TriggerNow, lost runs and deferred runs.
describe('SchedulePlanner announcements', () => {
  it('announces a new job, once, with sequence 1, and not a re-application', () => {
    const decision = planner.applyJobEvent(undefined, 'created', 1, job(), now);
    expect(decision).toMatchObject({ kind: 'apply', schedule: { sequence: 1 }, announced: { sequence: 1 } });
    const row = applied(decision);
    const renamed = planner.applyJobEvent(row, 'updated', 2, job({ nextRunAt: row.nextRunAt, payload: { a: 2 } }), now);
    expect(renamed).toMatchObject({ kind: 'apply', schedule: { sequence: 1, payload: { a: 2 } } });
    expect(renamed).not.toHaveProperty('announced');
  });

  it('does not announce a cancellation or a deletion, which job-catalog made', () => {
    const row = created();
    for (const kind of ['cancelled', 'deleted'] as const) {
      const decision = planner.applyJobEvent(row, kind, 2, job({ status: 'cancelled' }), now);
      expect(decision).toMatchObject({ kind: 'apply', schedule: { sequence: row.sequence } });
      expect(decision).not.toHaveProperty('announced');
    }
  });

  it("announces job-catalog's stand-in for an unpublishable event as failed, with the next sequence", () => {
    const row = created();
    const decision = planner.applyJobEvent(row, 'cancelled', 2, job({ status: 'failed' }), now);
    expect(decision).toMatchObject({
      kind: 'apply',
      schedule: { status: 'cancelled', sequence: row.sequence + 1 },
      announced: { status: 'failed', sequence: row.sequence + 1 },
    });
  });

  it('announces every outcome it applies', () => {
    const row = planner.dispatched(created(), now, 0);
    const next = planner.afterOutcome(row, { jobId: 'j1', runId: row.runId, attempt: 1, succeeded: true }, now);
    expect(next).toMatchObject({ status: 'completed', sequence: row.sequence + 1 });
  });

  it('triggers a run now with a new run id, announced and admitted; refuses what may not run', () => {
    const row = created();
    const next = planner.triggerNow(row, 'u1', now);
    expect(next).toMatchObject({ state: 'scheduled', nextRunAt: now, admittedFor: now, sequence: row.sequence + 1 });
    expect(next.runId).toMatch(/^run-\d+$/);
    expect(next.runId).not.toBe(row.runId);

    const refusals: Array<[Schedule | undefined, string, new (message: string) => Error, string]> = [
      [undefined, 'u1', NotFoundError, 'job not found'],
      [row, 'someone-else', NotFoundError, 'job not found'],
      [{ ...row, state: 'deleted' }, 'u1', NotFoundError, 'job not found'],
      [
        { ...row, status: 'cancelled' },
        'u1',
        FailedPreconditionError,
        'a cancelled job cannot be triggered; reschedule it first',
      ],
      [planner.dispatched(row, now, 0), 'u1', FailedPreconditionError, 'a run of this job is in progress'],
    ];
    for (const [schedule, userId, type, message] of refusals) {
      expect(() => planner.triggerNow(schedule, userId, now)).toThrow(type);
      expect(() => planner.triggerNow(schedule, userId, now)).toThrow(message);
    }
  });

  it('counts a dispatched attempt past its deadline as failed, and nothing else', () => {
    const row = planner.dispatched(created(), now, 0);
    const before = new Date(row.deadlineAt!.getTime() - 1);
    const after = new Date(row.deadlineAt!.getTime() + 1);
    expect(planner.lostRun(row, before)).toBeUndefined();
    expect(planner.lostRun(undefined, after)).toBeUndefined();
    expect(planner.lostRun(created(), after)).toBeUndefined();
    expect(planner.lostRun(row, after)).toMatchObject({
      state: 'scheduled',
      attempt: 2,
      retryCount: 1,
      sequence: row.sequence + 1,
    });
  });

  it('moves a deferred run to its new time, already admitted there, announced', () => {
    const row = created();
    const startAt = new Date('2026-03-01T12:01:00Z');
    expect(planner.deferred(row, startAt)).toMatchObject({
      nextRunAt: startAt,
      admittedFor: startAt,
      sequence: row.sequence + 1,
    });
  });
});
