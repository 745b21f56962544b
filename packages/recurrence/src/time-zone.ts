import { InvalidScheduleError } from './invalid-schedule-error';

/** The zone a cron expression is read in when none is given. */
export const DEFAULT_TIME_ZONE = 'UTC';

/**
 * Whether `zone` names an IANA time zone (or one of its aliases, such as `US/Eastern`) known to
 * this runtime's ICU data. Names are matched case-insensitively, as ICU does. Fixed offsets such as
 * `+05:00`, which newer runtimes also accept, are refused: they do not follow daylight saving.
 */
export function isTimeZone(zone: string): boolean {
  if (zone.trim() !== zone || zone === '' || /^[+-]/.test(zone)) return false;
  const known = checkedZones.get(zone);
  if (known !== undefined) return known;
  let valid = true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    valid = false;
  }
  if (checkedZones.size >= CHECKED_ZONES_KEPT) checkedZones.delete(checkedZones.keys().next().value as string);
  checkedZones.set(zone, valid);
  return valid;
}

// Answers by zone name: building the formatter that asks ICU costs about 100 µs, and the scheduler
// checks the zone of a recurring job each time it computes its next run.
const checkedZones = new Map<string, boolean>();
const CHECKED_ZONES_KEPT = 1000;

/** Throws InvalidScheduleError on field `timezone` unless `zone` is an IANA time zone. */
export function assertTimeZone(zone: string): void {
  if (!isTimeZone(zone)) {
    throw new InvalidScheduleError(
      'timezone',
      `timezone ${JSON.stringify(zone)} is not an IANA time zone (e.g. "Europe/Berlin")`,
    );
  }
}
