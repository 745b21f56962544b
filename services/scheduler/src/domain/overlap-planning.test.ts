import type { OverlapPolicy, Schedule } from './schedule';
import { applied, job, planner } from './schedule-planner.test-fixtures';

// An every-2-seconds job due at 12:00:00, whose attempt runs 5 s (12:00:00 to 12:00:05): the
// occurrences 12:00:02 and 12:00:04 come due while it runs.
const at = (seconds: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, seconds));
const GRACE_MS = 60_000;

function everyTwoSeconds(overlapPolicy: OverlapPolicy): Schedule {
  const snapshot = job({ type: 'recurring', cronExpression: '*/2 * * * * *', scheduledAt: at(0), overlapPolicy });
  const row = applied(planner.applyJobEvent(undefined, 'created', 1, snapshot, new Date(at(0).getTime() - 500)));
  expect(row.nextRunAt).toEqual(at(0));
  return row;
}

function ranFiveSeconds(policy: OverlapPolicy, succeeded = true): Schedule {
  const inFlight = planner.dispatched(everyTwoSeconds(policy), at(0), GRACE_MS);
  const { jobId, runId, attempt } = inFlight;
  return planner.afterOutcome(inFlight, { jobId, runId, attempt, succeeded, endedAt: at(5) }, at(5))!;
}

describe('overlap policies in the planner', () => {
  it('skip: the occurrences due while the attempt ran are skipped; the next is the first after it ended', () => {
    const next = ranFiveSeconds('skip');
    expect(next).toMatchObject({ state: 'scheduled', nextRunAt: at(6) });
  });

  it('buffer_one: the first occurrence due while it ran runs at once with its own due time; the second is skipped', () => {
    const buffered = ranFiveSeconds('buffer_one');
    expect(buffered).toMatchObject({ state: 'scheduled', nextRunAt: at(2), attempt: 1 });
    // The buffered run starts at 12:00:05 (3 s late) and runs to 12:00:08: 12:00:04 was due while the
    // first run ran and 12:00:02's waited, so it is skipped; 12:00:06 came due during this one and waits.
    const second = planner.dispatched(buffered, at(5), GRACE_MS);
    expect(second.dueAt).toEqual(at(2));
    const { jobId, runId, attempt } = second;
    const after = planner.afterOutcome(second, { jobId, runId, attempt, succeeded: true, endedAt: at(8) }, at(8))!;
    expect(after.nextRunAt).toEqual(at(6));
  });

  it('buffer_one: a run that ends before its next occurrence goes on as skip would', () => {
    const inFlight = planner.dispatched(everyTwoSeconds('buffer_one'), at(0), GRACE_MS);
    const { jobId, runId, attempt } = inFlight;
    const next = planner.afterOutcome(inFlight, { jobId, runId, attempt, succeeded: true, endedAt: at(1) }, at(1))!;
    expect(next.nextRunAt).toEqual(at(2));
  });

  it('buffer_one: a failure with retries left is retried first; the buffering waits for the end of the run', () => {
    const retrying = ranFiveSeconds('buffer_one', false);
    expect(retrying).toMatchObject({ state: 'scheduled', attempt: 2, retryCount: 1 });
  });

  it('cancel_previous: the deadline of an attempt is the next occurrence, not only its timeout', () => {
    const skip = planner.dispatched(everyTwoSeconds('skip'), at(0), GRACE_MS);
    expect(skip.deadlineAt).toEqual(new Date(at(0).getTime() + 30_000 + GRACE_MS));
    const cancelling = planner.dispatched(everyTwoSeconds('cancel_previous'), at(0), GRACE_MS);
    expect(cancelling.deadlineAt).toEqual(at(2));
  });

  it('cancel_previous: once the next occurrence came due, a new run for it supersedes the attempt in flight', () => {
    const inFlight = planner.dispatched(everyTwoSeconds('cancel_previous'), at(0), GRACE_MS);
    expect(planner.supersede(inFlight, new Date(at(2).getTime() - 1))).toBeUndefined();
    const next = planner.supersede(inFlight, new Date(at(2).getTime() + 300))!;
    expect(next).toMatchObject({ state: 'scheduled', status: 'pending', nextRunAt: at(2), attempt: 1, retryCount: 0 });
    expect(next.runId).not.toBe(inFlight.runId);
    expect(next.sequence).toBe(inFlight.sequence + 1);
    // The cancelled attempt's outcome, if it still comes, matches no run.
    const { jobId, runId, attempt } = inFlight;
    expect(planner.afterOutcome(next, { jobId, runId, attempt, succeeded: true }, at(3))).toBeUndefined();
  });

  it('cancel_previous: a sweep that comes late starts the newest occurrence due, not each one missed', () => {
    const inFlight = planner.dispatched(everyTwoSeconds('cancel_previous'), at(0), GRACE_MS);
    expect(planner.supersede(inFlight, at(7))?.nextRunAt).toEqual(at(6));
  });

  it('cancel_previous leaves a one-time job, a row not in flight and the other policies to the lost-run rule', () => {
    expect(planner.supersede(everyTwoSeconds('cancel_previous'), at(9))).toBeUndefined();
    expect(planner.supersede(planner.dispatched(everyTwoSeconds('skip'), at(0), GRACE_MS), at(9))).toBeUndefined();
    const oneTime = applied(planner.applyJobEvent(undefined, 'created', 1, job({ overlapPolicy: 'skip' }), at(0)));
    const dispatched = planner.dispatched({ ...oneTime, overlapPolicy: 'cancel_previous' }, at(0), GRACE_MS);
    expect(dispatched.deadlineAt).toEqual(new Date(at(0).getTime() + 30_000 + GRACE_MS));
    expect(planner.supersede(dispatched, at(9))).toBeUndefined();
  });

  it('a changed policy applies from the next occurrence: the run in flight keeps going', () => {
    const inFlight = planner.dispatched(everyTwoSeconds('skip'), at(0), GRACE_MS);
    const snapshot = job({
      type: 'recurring',
      cronExpression: '*/2 * * * * *',
      scheduledAt: at(0),
      overlapPolicy: 'buffer_one',
    });
    const updated = applied(planner.applyJobEvent(inFlight, 'updated', 2, snapshot, at(1)));
    expect(updated).toMatchObject({ state: 'dispatched', runId: inFlight.runId, overlapPolicy: 'buffer_one' });
    const { jobId, runId, attempt } = updated;
    const next = planner.afterOutcome(updated, { jobId, runId, attempt, succeeded: true, endedAt: at(5) }, at(5))!;
    expect(next.nextRunAt).toEqual(at(2));
  });
});
