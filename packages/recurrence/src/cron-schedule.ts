import { Cron, CronPattern } from 'croner';
import { namesSomeDay } from './cron-calendar';
import { cronSyntaxProblem } from './cron-fields';
import { InvalidScheduleError } from './invalid-schedule-error';
import { resolveLocalTime, wallClockMs } from './local-time';
import { DEFAULT_TIME_ZONE, assertTimeZone } from './time-zone';

const CRON_OPTIONS = { mode: '5-or-6-parts', fixedTimeRule: 'no-wildcard', domAndDow: false } as const;

/**
 * How many daylight-saving gaps in a row nextAfter steps over before it gives up: a run hidden
 * behind more of them (one a year at most in any zone) is taken for none.
 */
const MAX_SKIPPED_GAPS = 8;

// Parsed schedules by zone and expression: the scheduler evaluates the same few expressions over and
// over, and a parse (three croner patterns and the day check) costs more than an evaluation.
const parsed = new Map<string, CronSchedule>();
const PARSED_KEPT = 500;

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
 *
 * Every evaluation is bounded: an expression that names no day at all (February 30) is known at
 * parse time and never searched for, and the local times that daylight saving skips are stepped over
 * a gap at a time rather than a second at a time (croner alone takes a minute of CPU to find that
 * `* * 2 * 3 +0#2` never runs in New York).
 */
export class CronSchedule {
  private constructor(
    private readonly cron: Cron,
    /** The same expression read at UTC offset 0: it lists wall-clock times without looking at a zone. */
    private readonly wallClock: Cron,
    private readonly timezone: string,
    /** Fixed-time expressions run a skipped time after the gap; the others skip it. */
    private readonly fixedTime: boolean,
    /** False when the expression names no day of any month (February 30). */
    readonly namesSomeDay: boolean,
  ) {}

  /** Parses `expression` in `timezone` (UTC); throws InvalidScheduleError naming the bad field. */
  static parse(expression: string, timezone: string = DEFAULT_TIME_ZONE): CronSchedule {
    const key = `${timezone} ${expression}`;
    const known = parsed.get(key);
    if (known) return known;
    const schedule = CronSchedule.compile(expression, timezone);
    if (parsed.size >= PARSED_KEPT) parsed.delete(parsed.keys().next().value as string);
    parsed.set(key, schedule);
    return schedule;
  }

  private static compile(expression: string, timezone: string): CronSchedule {
    assertTimeZone(timezone);
    const invalid = (reason: string) =>
      new InvalidScheduleError('cronExpression', `cronExpression ${JSON.stringify(expression)} is invalid: ${reason}`);
    // Checked first: croner would also take a lone ISO date as a one-off run.
    const problem = cronSyntaxProblem(expression);
    if (problem) throw invalid(problem);
    try {
      const text = expression.trim();
      const pattern = new CronPattern(text, undefined, {
        mode: CRON_OPTIONS.mode,
        fixedTimeRule: CRON_OPTIONS.fixedTimeRule,
      });
      const wallClock = new Cron(text, { ...CRON_OPTIONS, utcOffset: 0 });
      return new CronSchedule(
        new Cron(text, { ...CRON_OPTIONS, timezone }),
        wallClock,
        timezone,
        pattern.isFixedTime,
        namesSomeDay(wallClock, pattern),
      );
    } catch (error) {
      throw invalid(readableReason(error));
    }
  }

  /**
   * The earliest run strictly after `after`, or null when there is none before the year 3000 (or
   * none outside the next MAX_SKIPPED_GAPS daylight-saving gaps).
   */
  nextAfter(after: Date): Date | null {
    if (!this.namesSomeDay) return null;
    // UTC has no daylight saving: the offset-0 reading gives the same runs, about eight times faster
    // than croner's zone lookups (10 µs against 90 for `* * * * * *`), on every recurring job's every run.
    if (this.timezone === DEFAULT_TIME_ZONE) return this.wallClock.nextRun(after);
    if (this.fixedTime) return this.cron.nextRun(after);
    let wall = new Date(wallClockMs(this.timezone, after.getTime()));
    for (let gaps = 0; gaps <= MAX_SKIPPED_GAPS; gaps++) {
      const candidate = this.wallClock.nextRun(wall);
      if (!candidate) return null;
      const local = resolveLocalTime(this.timezone, candidate.getTime());
      // A time that exists: croner finds it (or an earlier pass of a repeated hour) in a few steps.
      if (local.kind !== 'skipped') return gaps === 0 ? this.cron.nextRun(after) : new Date(local.instantMs);
      wall = new Date(local.gapEndMs - 1);
    }
    return null;
  }

  /** Whether the expression names a wall-clock time after `after`'s (true when only daylight saving keeps it from running). */
  namesTimeAfter(after: Date): boolean {
    return this.namesSomeDay && this.wallClock.nextRun(new Date(wallClockMs(this.timezone, after.getTime()))) !== null;
  }
}

function readableReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // croner prefixes its messages with the class that threw ("CronPattern: Invalid value ...").
  const reason = message.replace(/^Cron\w*:\s*/, '');
  return reason.charAt(0).toLowerCase() + reason.slice(1);
}
