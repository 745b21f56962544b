import { parseDuration } from './durations';
import { UsageError } from './usage-error';

/**
 * A time given on the command line: `now`, or an ISO 8601 date and time (`2026-01-16T02:00:00Z`; without
 * an offset, such as `2026-01-16 02:00`, it is read in the local zone).
 */
export function parseTime(text: string, what: string): Date {
  if (text.trim() === 'now') return new Date();
  const iso = text.trim().replace(' ', 'T');
  const date = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(iso) || isNaN(date.getTime())) {
    throw new UsageError(
      `${what} must be a date and time such as 2026-01-16T02:00:00Z or "2026-01-16 02:00", got "${text}"`,
    );
  }
  return date;
}

/** When a job runs from `--at TIME` or `--in DURATION` (exactly one of them). */
export function runTime({ at, in: after }: { at?: string; in?: string }, now = new Date()): Date {
  if (at !== undefined && after !== undefined) throw new UsageError('give either --at or --in, not both');
  if (at !== undefined) return parseTime(at, '--at');
  if (after !== undefined) return new Date(now.getTime() + parseDuration(after, '--in'));
  throw new UsageError('say when the job runs: --at TIME or --in DURATION (such as --in 30s)');
}
