import { firstRun, nextRunAfter } from '@chrono/recurrence';
import type { ScheduleFields } from './job-validation';

/**
 * When a job with these schedule fields runs next, seen from `now`: a one-time job at its time (at
 * once if that has passed); a recurring job at its first occurrence, or, when its anchor lies in the
 * past, at its next occurrence from now rather than replaying the ones it missed.
 */
export function nextRunOf(fields: ScheduleFields, now: Date): Date {
  if (fields.type === 'one_time') return fields.scheduledAt;
  const schedule = {
    anchor: fields.scheduledAt,
    pattern: fields.recurrencePattern,
    cron: fields.cronExpression,
    timezone: fields.timezone,
  };
  const first = firstRun(schedule);
  return first >= now ? first : nextRunAfter(schedule, new Date(now.getTime() - 1));
}
