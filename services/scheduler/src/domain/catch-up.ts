import { nextRunAfter, type Schedule as Recurrence } from '@chrono/recurrence';

/**
 * The most catch-up runs in a row: the oldest missed occurrences within the window run, oldest first,
 * up to this many; the job then continues on its schedule and the later missed ones are not run.
 */
export const MAX_CATCH_UP_RUNS = 100;

/** What a paused job's resume is planned from. */
export interface ResumePlan {
  type: 'one_time' | 'recurring';
  recurrence: Recurrence;
  /** The occurrence (or retry) the job was waiting for when paused; its catch-up window, in ms (0: run once). */
  plannedAt: Date;
  windowMs: number;
  /** The planned run is a retry of a failed attempt rather than an occurrence. */
  retrying: boolean;
}

/**
 * When a resumed job runs next, at `now`; undefined when a one-time job's time passed outside its
 * catch-up window (it is missed and does not run). Nothing missed: the planned run. Missed with a
 * window of 0 (or a retry): once, now. Missed with a window: the oldest missed occurrence within it
 * (one that is late runs at once, and the rest follow it, see catchUpAfterRun), or, when every missed
 * occurrence is older than the window, the next occurrence after `now`.
 */
export function resumedRunAt(plan: ResumePlan, now: Date): Date | undefined {
  const { type, recurrence, plannedAt, windowMs, retrying } = plan;
  if (plannedAt >= now) return plannedAt;
  if (retrying || windowMs === 0) return now;
  const notBefore = new Date(now.getTime() - windowMs);
  if (type === 'one_time') return plannedAt >= notBefore ? plannedAt : undefined;
  const oldest = oldestToCatchUp(recurrence, new Date(plannedAt.getTime() - 1), notBefore, now);
  return oldest ?? nextRunAfter(recurrence, now);
}

/**
 * The occurrence a recurring job catches up on after a run that was due at `dueAt` and started at
 * `startedAt`: the next occurrence after `dueAt`, if it was already due when that run started (so
 * missed through downtime, a pause or a backlog, not one that came due while the run ran) and is not
 * older than the window; undefined when there is none, or when `caughtUp` (the catch-up runs in a row
 * so far) reached MAX_CATCH_UP_RUNS: the job then continues on its schedule. With a window of 0 there
 * is never one, and no occurrence is computed; otherwise it costs one step of the schedule.
 */
export function catchUpAfterRun(
  recurrence: Recurrence,
  windowMs: number,
  run: { dueAt?: Date; startedAt?: Date; caughtUp: number },
  now: Date,
): Date | undefined {
  if (windowMs === 0 || !run.dueAt || !run.startedAt || run.caughtUp >= MAX_CATCH_UP_RUNS) return undefined;
  return oldestToCatchUp(recurrence, run.dueAt, new Date(now.getTime() - windowMs), run.startedAt);
}

/** The oldest occurrence strictly after `after`, at or after `notBefore` and at or before `until`. */
export function oldestToCatchUp(recurrence: Recurrence, after: Date, notBefore: Date, until: Date): Date | undefined {
  const first = nextRunAfter(recurrence, new Date(Math.max(after.getTime(), notBefore.getTime() - 1)));
  return first <= until ? first : undefined;
}
