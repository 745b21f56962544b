import cronstrue from 'cronstrue';
import type { Job } from '../api/types';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const hhmm = (date: Date) =>
  `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;

/** A cron expression in words: "At 02:00, only on Monday"; the expression itself if cronstrue cannot read it. */
export function cronInWords(expression: string, timezone?: string): string {
  let words: string;
  try {
    words = cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
  } catch {
    return expression;
  }
  return `${words}, ${timezone || 'UTC'} time`;
}

/**
 * When a job runs, in words: "once", "every day at 02:00 UTC" (patterns count from scheduledAt in
 * UTC, as the scheduler does), or the cron expression's words with its zone.
 */
export function scheduleInWords(
  job: Pick<Job, 'type' | 'recurrencePattern' | 'cronExpression' | 'timezone' | 'scheduledAt'>,
): string {
  if (job.type === 'one_time') return 'once';
  if (job.cronExpression) return cronInWords(job.cronExpression, job.timezone);
  const anchor = job.scheduledAt ? new Date(job.scheduledAt) : undefined;
  const at = anchor ? ` at ${hhmm(anchor)} UTC` : '';
  switch (job.recurrencePattern) {
    case 'hourly':
      return anchor ? `every hour at minute ${anchor.getUTCMinutes()}` : 'every hour';
    case 'daily':
      return `every day${at}`;
    case 'weekly':
      return anchor ? `every ${WEEKDAYS[anchor.getUTCDay()]}${at}` : 'every week';
    case 'monthly':
      return anchor ? `every month on day ${anchor.getUTCDate()}${at}` : 'every month';
    default:
      return 'recurring';
  }
}
