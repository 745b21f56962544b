import type { Cron, CronPattern } from 'croner';

// Which days a cron expression names depends only on the month, its length and the weekday of its
// first day (that decides L, W, # and day-of-week). 2001-2028 is one 28-year cycle of the calendar
// between 1901 and 2099, so every such month shape occurs in it, leap Februaries included.
const FIRST_YEAR = 2001;
const LAST_YEAR = 2028;

interface MonthShape {
  year: number;
  month: number;
  days: number;
}

const MONTH_SHAPES: MonthShape[] = (() => {
  const shapes = new Map<string, MonthShape>();
  for (let year = FIRST_YEAR; year <= LAST_YEAR; year++) {
    for (let month = 0; month < 12; month++) {
      const days = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
      const key = `${month}:${days}:${new Date(Date.UTC(year, month, 1)).getUTCDay()}`;
      if (!shapes.has(key)) shapes.set(key, { year, month, days });
    }
  }
  return [...shapes.values()];
})();

/**
 * Whether `wallClock` (the expression read at UTC offset 0) names at least one day of some month:
 * false for February 30 and the like. At most a few hundred calls of croner's `match` (one for each
 * day of each month shape the expression allows), never a search through the years; it stops at the
 * first day it finds.
 */
export function namesSomeDay(wallClock: Cron, pattern: CronPattern): boolean {
  const [hour, minute, second] = [pattern.hour, pattern.minute, pattern.second].map((allowed) =>
    allowed.findIndex((flag) => flag !== 0),
  );
  for (const { year, month, days } of MONTH_SHAPES) {
    if (!pattern.month[month]) continue;
    for (let day = 1; day <= days; day++) {
      if (wallClock.match(new Date(Date.UTC(year, month, day, hour, minute, second)))) return true;
    }
  }
  return false;
}
