/**
 * `date` moved on by `months` calendar months in UTC, keeping its time of day and its day of the
 * month, or the month's last day when that month is shorter (Jan 31 + 1 month = Feb 28, or 29 in
 * a leap year). Always count from the same original date: clamping is not carried over, so
 * Jan 31 + 2 months is Mar 31. Returns an invalid Date past the range of Date.
 */
export function addMonthsClamped(date: Date, months: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + months;
  const result = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0-99 as 1900-1999; day 0 of the next
  // month is the last day of this one.
  result.setUTCFullYear(year, month + 1, 0);
  const day = Math.min(date.getUTCDate(), result.getUTCDate());
  result.setUTCFullYear(year, month, day);
  result.setUTCHours(date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds());
  return result;
}
