import { nextRunAfter, upcomingRun, type Schedule as Recurrence } from '@chrono/recurrence';
import { catchUpAfterRun } from './catch-up';
import { bufferedRunAt } from './overlap-planning';
import type { AttemptOutcome, Schedule } from './schedule';

/** The schedule of a row, as @chrono/recurrence reads it. */
export function recurrenceOf(schedule: Schedule): Recurrence {
  const { scheduledAt, recurrencePattern, cronExpression, timezone } = schedule;
  return { anchor: scheduledAt, pattern: recurrencePattern, cron: cronExpression, timezone };
}

/** See upcomingRun: the same rule job-catalog shows as the job's next run. */
export function firstRunOf(schedule: Schedule, now: Date): Date {
  return upcomingRun(schedule.type, recurrenceOf(schedule), now);
}

/**
 * When a recurring job runs after the run that just ended: a missed occurrence it catches up on (see
 * catchUpAfterRun, counted in `catchUpRuns`), or else its first occurrence after the run ended (see
 * endOfAttempt), which ends a catch-up; under buffer_one, the first after the attempt started (see
 * bufferedRunAt).
 */
export function nextAfterRun(
  schedule: Schedule,
  outcome: AttemptOutcome,
  now: Date,
): { at: Date; catchUpRuns: number } {
  const recurrence = recurrenceOf(schedule);
  // An outcome can come before its dispatch is recorded (see settled): the row still holds the due
  // time as its next run, and the attempt's end stands in for when it started.
  const run = {
    dueAt: schedule.dueAt ?? schedule.nextRunAt,
    startedAt: runStartOf(schedule, outcome, now),
    caughtUp: schedule.catchUpRuns,
  };
  const caughtUp = catchUpAfterRun(recurrence, schedule.catchUpWindowMs, run, now);
  if (caughtUp) return { at: caughtUp, catchUpRuns: schedule.catchUpRuns + 1 };
  const buffered = bufferedRunAt(schedule, recurrence, { dueAt: run.dueAt, startedAt: schedule.dispatchedAt });
  if (buffered) return { at: buffered, catchUpRuns: 0 };
  return { at: nextRunAfter(recurrence, endOfAttempt(schedule, outcome, now)), catchUpRuns: 0 };
}

/**
 * When the attempt that just ended started, as the catch-up rule counts it: its dispatch, or (an
 * outcome that came before its dispatch was recorded) its end.
 */
export function runStartOf(schedule: Schedule, outcome: AttemptOutcome, now: Date): Date {
  return schedule.dispatchedAt ?? (outcome.endedAt && outcome.endedAt < now ? outcome.endedAt : now);
}

/**
 * What a recurring job's next occurrence is counted from. Occurrences that came due while the attempt
 * ran are skipped (one run in flight at a time); one that came due after it ended, while its outcome
 * was on its way here, still runs, late rather than silently skipped (an every-second job would
 * otherwise lose an occurrence whenever recording an outcome took past the next second). The
 * executor's clock is trusted no further than ours, and never before the attempt's own due time, so
 * an occurrence never runs twice; after downtime, the missed occurrences still run once, not each.
 */
function endOfAttempt(schedule: Schedule, outcome: AttemptOutcome, now: Date): Date {
  const ended = outcome.endedAt && outcome.endedAt < now ? outcome.endedAt : now;
  const due = schedule.dueAt ?? schedule.nextRunAt;
  return due && due > ended ? due : ended;
}
