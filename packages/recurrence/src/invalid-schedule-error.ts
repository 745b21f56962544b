/** The input field a schedule error is about, spelled as clients spell it (JSON name). */
export type ScheduleField = 'scheduledAt' | 'recurrencePattern' | 'cronExpression' | 'timezone' | 'count';

/**
 * A schedule that cannot run: an unknown pattern, a cron expression that does not parse or never
 * matches, an unknown time zone, or a preview count out of range. Services map it to the kit's
 * `InvalidArgumentError(error.field, error.message)`; this package stays free of the kit.
 */
export class InvalidScheduleError extends Error {
  constructor(
    readonly field: ScheduleField,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidScheduleError';
  }
}
