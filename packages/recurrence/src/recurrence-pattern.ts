import { addMonthsClamped } from './add-months-clamped';

/** The recurrence patterns a job may have, besides a cron expression. */
export const RECURRENCE_PATTERNS = ['hourly', 'daily', 'weekly', 'monthly'] as const;

/** How often a patterned job recurs, counted from its anchor (`scheduledAt`) in UTC. */
export type RecurrencePattern = (typeof RECURRENCE_PATTERNS)[number];

/** Whether `value` is one of RECURRENCE_PATTERNS (exact, lowercase). */
export function isRecurrencePattern(value: unknown): value is RecurrencePattern {
  return typeof value === 'string' && (RECURRENCE_PATTERNS as readonly string[]).includes(value);
}

const HOUR_MS = 3_600_000;
const PERIOD_MS = { hourly: HOUR_MS, daily: 24 * HOUR_MS, weekly: 7 * 24 * HOUR_MS } as const;

/**
 * The earliest occurrence of `pattern` anchored on `anchor` that is strictly after `after`
 * (the anchor itself when `after` is before it), or null past the range of Date.
 * Runs in constant time however far `after` is from the anchor.
 */
export function nextPatternRunAfter(anchor: Date, pattern: RecurrencePattern, after: Date): Date | null {
  const anchorMs = anchor.getTime();
  const afterMs = after.getTime();
  if (afterMs < anchorMs) return new Date(anchorMs);
  if (pattern === 'monthly') return validOrNull(nextMonthlyRunAfter(anchor, after));
  const period = PERIOD_MS[pattern];
  const index = Math.floor((afterMs - anchorMs) / period) + 1;
  return validOrNull(new Date(anchorMs + index * period));
}

function nextMonthlyRunAfter(anchor: Date, after: Date): Date {
  const monthsApart =
    (after.getUTCFullYear() - anchor.getUTCFullYear()) * 12 + (after.getUTCMonth() - anchor.getUTCMonth());
  // Occurrence monthsApart falls in the month of `after`, before or after it; the one past it
  // falls in the next month, so at most one step follows.
  let index = Math.max(0, monthsApart);
  let run = addMonthsClamped(anchor, index);
  while (run.getTime() <= after.getTime()) run = addMonthsClamped(anchor, ++index);
  return run;
}

function validOrNull(date: Date): Date | null {
  return Number.isNaN(date.getTime()) ? null : date;
}
