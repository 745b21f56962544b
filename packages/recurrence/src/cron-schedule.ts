import { Cron } from 'croner';
import { cronSyntaxProblem } from './cron-fields';
import { InvalidScheduleError } from './invalid-schedule-error';
import { DEFAULT_TIME_ZONE, assertTimeZone } from './time-zone';

/**
 * A cron expression read in an IANA time zone, wrapping croner. Accepted: 5 fields (minute hour
 * day-of-month month day-of-week), 6 fields (seconds first), the aliases @yearly, @annually,
 * @monthly, @weekly, @daily, @midnight and @hourly, and croner's extensions (`L`, `W`, `#`, `?`,
 * a `+` before day-of-week for AND). Day-of-month and day-of-week match either one, as in Vixie cron.
 *
 * Daylight saving, as Vixie cron does it: a fixed-time expression (no `*` and no step in the
 * seconds, minutes and hours, e.g. `30 2 * * *` or `0 9,17 * * *`) runs a local time that is
 * skipped by spring-forward once, at the first instant after the gap, and a local time that occurs
 * twice at fall-back once, at its first occurrence. Any other expression (e.g. `0 * * * *`, or one
 * with a step) follows elapsed time: it skips the local times that do not exist and runs both
 * passes of the repeated hour, so it keeps its rhythm through the change.
 */
export class CronSchedule {
  private constructor(private readonly cron: Cron) {}

  /** Parses `expression` in `timezone` (UTC); throws InvalidScheduleError naming the bad field. */
  static parse(expression: string, timezone: string = DEFAULT_TIME_ZONE): CronSchedule {
    assertTimeZone(timezone);
    const invalid = (reason: string) =>
      new InvalidScheduleError('cronExpression', `cronExpression ${JSON.stringify(expression)} is invalid: ${reason}`);
    // Checked first: croner would also take a lone ISO date as a one-off run.
    const problem = cronSyntaxProblem(expression);
    if (problem) throw invalid(problem);
    try {
      return new CronSchedule(
        new Cron(expression.trim(), { timezone, mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard', domAndDow: false }),
      );
    } catch (error) {
      throw invalid(readableReason(error));
    }
  }

  /** The earliest run strictly after `after`, or null when there is none before the year 3000. */
  nextAfter(after: Date): Date | null {
    return this.cron.nextRun(after);
  }
}

function readableReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // croner prefixes its messages with the class that threw ("CronPattern: Invalid value ...").
  const reason = message.replace(/^Cron\w*:\s*/, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
