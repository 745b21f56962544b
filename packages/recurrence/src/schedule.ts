import { CronSchedule } from './cron-schedule';
import { InvalidScheduleError } from './invalid-schedule-error';
import { RECURRENCE_PATTERNS, isRecurrencePattern, nextPatternRunAfter } from './recurrence-pattern';
import { assertTimeZone } from './time-zone';

/**
 * When a recurring job runs: its anchor (`scheduledAt`) and exactly one of a recurrence pattern or
 * a cron expression. Fields hold raw client input; every function here checks them.
 */
export interface Schedule {
  /** The instant occurrences count from: a pattern's first run, and the earliest a cron run may be. */
  anchor: Date;
  /** "hourly", "daily", "weekly" or "monthly" (see RecurrencePattern), added in UTC. */
  pattern?: string;
  /** A cron expression of 5 or 6 fields (seconds first) or an alias such as "@daily". */
  cron?: string;
  /** IANA time zone the cron expression is read in; UTC when unset. Refused with a pattern. */
  timezone?: string;
}

/** Largest number of runs previewRuns lists. */
export const MAX_PREVIEW_RUNS = 100;

/** A compiled schedule: its runs, and the check that it has any. */
interface Runs {
  next(after: Date): Date | null;
  /** Throws InvalidScheduleError when the schedule never runs at or after its anchor. */
  assertRuns(): void;
}

/**
 * Checks a schedule as a client sent it. Throws InvalidScheduleError naming the field:
 * `recurrencePattern` (unknown, or neither/both given), `cronExpression` (does not parse, or never
 * runs at or after the anchor), `timezone` (not an IANA zone, or given with a pattern),
 * `scheduledAt` (not a valid time).
 */
export function validateSchedule(schedule: Schedule): void {
  compile(schedule).assertRuns();
}

/**
 * Checks the schedule of a job of `type`: a recurring job's as validateSchedule does; a one-time job
 * runs once at its anchor, so it takes none of a pattern, a cron expression or a time zone.
 */
export function validateJobSchedule(type: 'one_time' | 'recurring', schedule: Schedule): void {
  if (type === 'recurring') return validateSchedule(schedule);
  const { pattern, cron, timezone } = schedule;
  if (pattern !== undefined)
    throw new InvalidScheduleError('recurrencePattern', 'recurrencePattern is only for recurring jobs');
  if (cron !== undefined) throw new InvalidScheduleError('cronExpression', 'cronExpression is only for recurring jobs');
  if (timezone !== undefined) {
    throw new InvalidScheduleError('timezone', 'timezone is only for recurring jobs with a cron expression');
  }
}

/**
 * The first run of a schedule: the anchor itself for a pattern, the first cron time at or after
 * the anchor for a cron expression. Throws InvalidScheduleError like validateSchedule.
 */
export function firstRun(schedule: Schedule): Date {
  return nextRunAfter(schedule, justBefore(schedule.anchor));
}

/**
 * When a job with this schedule runs next, seen from `now` (at creation, a reschedule or a change of
 * schedule): a one-time job at its anchor, at once if that has passed (the misfire rule); a
 * recurring job at its first run, or, when that has passed, at its next run from now, without
 * replaying the ones it missed.
 */
export function upcomingRun(type: 'one_time' | 'recurring', schedule: Schedule, now: Date): Date {
  if (type === 'one_time') return schedule.anchor;
  const first = firstRun(schedule);
  return first >= now ? first : nextRunAfter(schedule, justBefore(now));
}

/**
 * The earliest run strictly after `after`; runs before the anchor never count. Cheap however far
 * `after` lies past the anchor. Throws InvalidScheduleError like validateSchedule, and RangeError
 * when no run is left in range (cron: after the year 3000; patterns: after the end of Date).
 *
 * Misfires: a scheduler back from an outage calls `nextRunAfter(schedule, now)` once the missed
 * run is dispatched, so a job that missed ten hourly runs runs once now and then continues on
 * its schedule, instead of running ten times in a row.
 */
export function nextRunAfter(schedule: Schedule, after: Date): Date {
  const runs = compile(schedule);
  assertValidDate(after, 'after');
  const run = runs.next(after);
  if (run) return run;
  runs.assertRuns();
  throw new RangeError(`the schedule has no run left after ${after.toISOString()}`);
}

/**
 * The next `count` (1 to MAX_PREVIEW_RUNS) runs strictly after `after`, earliest first; fewer
 * only when the schedule runs out of range. `after` defaults to just before the anchor, so a
 * pattern's list starts with the anchor. Throws InvalidScheduleError on field `count` or as
 * validateSchedule does.
 */
export function previewRuns(schedule: Schedule, count: number, after?: Date): Date[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_PREVIEW_RUNS) {
    throw new InvalidScheduleError('count', `count must be a whole number from 1 to ${MAX_PREVIEW_RUNS}, got ${count}`);
  }
  const compiled = compile(schedule);
  compiled.assertRuns();
  if (after) assertValidDate(after, 'after');
  const runs: Date[] = [];
  let cursor = after ?? justBefore(schedule.anchor);
  for (let run = compiled.next(cursor); run && runs.length < count; run = compiled.next(cursor)) {
    runs.push(run);
    cursor = run;
  }
  return runs;
}

function compile(schedule: Schedule): Runs {
  const { anchor, pattern, cron, timezone } = schedule;
  if (!(anchor instanceof Date) || Number.isNaN(anchor.getTime())) {
    throw new InvalidScheduleError('scheduledAt', 'scheduledAt must be a valid time');
  }
  if (pattern !== undefined && cron !== undefined) {
    throw new InvalidScheduleError('cronExpression', 'give either recurrencePattern or cronExpression, not both');
  }
  if (timezone !== undefined) assertTimeZone(timezone);
  return cron !== undefined ? cronRuns(anchor, cron, timezone) : patternRuns(anchor, pattern, timezone);
}

function patternRuns(anchor: Date, pattern: string | undefined, timezone: string | undefined): Runs {
  const allowed = RECURRENCE_PATTERNS.join(', ');
  if (pattern === undefined) {
    throw new InvalidScheduleError(
      'recurrencePattern',
      `a recurring job needs a recurrencePattern (${allowed}) or a cronExpression`,
    );
  }
  if (!isRecurrencePattern(pattern)) {
    throw new InvalidScheduleError(
      'recurrencePattern',
      `recurrencePattern must be one of ${allowed}, got "${pattern}"`,
    );
  }
  if (timezone !== undefined) {
    // Patterns add fixed spans to an instant; a zone would suggest local wall-clock times they do not keep.
    throw new InvalidScheduleError(
      'timezone',
      'timezone goes only with a cronExpression: a recurrencePattern counts from scheduledAt in UTC',
    );
  }
  // A pattern runs at its anchor, always.
  return { next: (after) => nextPatternRunAfter(anchor, pattern, after), assertRuns: () => undefined };
}

// Whether a cron runs at all after its anchor is asked only when needed (validating, or when no next
// run was found): a next run found after the anchor answers it, and the scheduler asks for the next
// run of every recurring job after every run.
function cronRuns(anchor: Date, cron: string, timezone: string | undefined): Runs {
  const schedule = CronSchedule.parse(cron, timezone);
  const beforeAnchor = justBefore(anchor);
  return {
    next: (after) => schedule.nextAfter(after < beforeAnchor ? beforeAnchor : after),
    assertRuns: () => {
      if (schedule.nextAfter(beforeAnchor)) return;
      const reason = !schedule.namesSomeDay
        ? 'never matches a date (e.g. February 30)'
        : schedule.namesTimeAfter(beforeAnchor)
          ? `never runs in ${timezone}: daylight saving skips every local time it names`
          : 'has no run between scheduledAt and the year 3000';
      throw new InvalidScheduleError('cronExpression', `cronExpression ${JSON.stringify(cron)} ${reason}`);
    },
  };
}

function justBefore(date: Date): Date {
  return new Date(date.getTime() - 1);
}

function assertValidDate(date: Date, name: string): void {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) throw new RangeError(`${name} must be a valid Date`);
}
