/**
 * The recurrence math of chrono, pure and shared by job-catalog and scheduler: when a recurring job
 * runs (patterns and cron expressions in IANA time zones), schedule validation naming the bad
 * field, and the retry backoff.
 */
export { InvalidScheduleError, type ScheduleField } from './invalid-schedule-error';
export { RECURRENCE_PATTERNS, isRecurrencePattern, type RecurrencePattern } from './recurrence-pattern';
export {
  MAX_PREVIEW_RUNS,
  firstRun,
  nextRunAfter,
  previewRuns,
  upcomingRun,
  validateJobSchedule,
  validateSchedule,
  type Schedule,
} from './schedule';
export { DEFAULT_TIME_ZONE, isTimeZone } from './time-zone';
export { retryDelayMs, type RetryDelayOptions } from './retry-delay';
