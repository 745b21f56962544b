import type { Schedule } from './schedule';
import { applied, job, planner } from './schedule-planner.test-fixtures';

// An every-second job whose attempt due at 12:00:00 is in flight.
const dueAt = new Date('2026-03-01T12:00:00Z');
const at = (seconds: number) => new Date(dueAt.getTime() + seconds * 1000);

function inFlight(): Schedule {
  const everySecond = job({ type: 'recurring', cronExpression: '* * * * * *', scheduledAt: dueAt, maxRetries: 0 });
  const created = applied(planner.applyJobEvent(undefined, 'created', 1, everySecond, at(-5)));
  return planner.dispatched({ ...created, nextRunAt: dueAt }, dueAt, 0);
}

function nextAfter(endedAt: Date | undefined, recordedAt: Date): Date | undefined {
  const row = inFlight();
  const outcome = { jobId: row.jobId, runId: row.runId, attempt: 1, succeeded: true, endedAt };
  return planner.afterOutcome(row, outcome, recordedAt)?.nextRunAt;
}

describe('the occurrence that follows a recurring run', () => {
  it('is the first one after the attempt ended, even when its outcome is recorded after that one came due', () => {
    // Ended 20 ms after its second, recorded 1.3 s later: 12:00:01 still runs (late), it is not skipped.
    expect(nextAfter(at(0.02), at(1.3))).toEqual(at(1));
  });

  it('skips the occurrences that came due while the attempt ran', () => {
    expect(nextAfter(at(2.5), at(2.6))).toEqual(at(3));
  });

  it('counts from the time of recording when the executor clock runs ahead of ours', () => {
    expect(nextAfter(at(9), at(0.5))).toEqual(at(1));
  });

  it('never runs the same occurrence again when the executor clock is behind', () => {
    expect(nextAfter(at(-3), at(0.5))).toEqual(at(1));
  });

  it('counts from the time of recording for a run counted lost (no end time)', () => {
    expect(nextAfter(undefined, at(70.2))).toEqual(at(71));
  });

  it('runs a missed occurrence once after downtime, not each of them', () => {
    const next = nextAfter(at(0.01), at(3600)) as Date;
    expect(next).toEqual(at(1));
    const row = { ...inFlight(), nextRunAt: next };
    const dispatched = planner.dispatched(row, at(3600), 0);
    const outcome = { jobId: row.jobId, runId: row.runId, attempt: 1, succeeded: true, endedAt: at(3600.01) };
    expect(planner.afterOutcome(dispatched, outcome, at(3600.02))?.nextRunAt).toEqual(at(3601));
  });
});
