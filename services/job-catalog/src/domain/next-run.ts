import { upcomingRun } from '@chrono/recurrence';
import type { ScheduleFields } from './job-validation';

/** When a job with these schedule fields runs next, seen from `now` (see upcomingRun). */
export function nextRunOf(fields: ScheduleFields, now: Date): Date {
  const { type, scheduledAt, recurrencePattern, cronExpression, timezone } = fields;
  return upcomingRun(type, { anchor: scheduledAt, pattern: recurrencePattern, cron: cronExpression, timezone }, now);
}
