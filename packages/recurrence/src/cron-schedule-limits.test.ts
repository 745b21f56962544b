import { parseError, runs } from './cron-schedule.test-fixtures';
import { CronSchedule } from './cron-schedule';

// Before the search was bounded, `0 0 30 2 *` cost croner 8-36 ms per evaluation (a walk to the year
// 3000) and `* * 2 * 3 +0#2` in New York about 60 s of CPU (a second at a time through every gap).
describe('CronSchedule bounded search', () => {
  it.each([['0 0 30 2 *'], ['0 0 31 4,6,9,11 *'], ['0 0 30W 2 *'], ['0 0 31 2 +1']])(
    'knows at parse time that %j names no day, and finds no run',
    (expression) => {
      const schedule = CronSchedule.parse(expression);
      expect(schedule.namesSomeDay).toBe(false);
      expect(schedule.nextAfter(new Date('2025-01-01T00:00:00Z'))).toBeNull();
    },
  );

  it.each([
    ['0 0 29 2 *', '2028-02-29T00:00:00.000Z'],
    // The fifth Monday of February, and February 29 on a Monday: only in leap years that start February on a Monday.
    ['0 0 ? 2 1#5', '2044-02-29T00:00:00.000Z'],
    ['0 0 29 2 +1', '2044-02-29T00:00:00.000Z'],
    ['0 0 29W 2 *', '2028-02-29T00:00:00.000Z'],
    ['0 0 L 2 *', '2025-02-28T00:00:00.000Z'],
  ])('keeps rare days that exist: %j runs at %s', (expression, first) => {
    const schedule = CronSchedule.parse(expression);
    expect(schedule.namesSomeDay).toBe(true);
    expect(schedule.nextAfter(new Date('2025-01-01T00:00:00Z'))?.toISOString()).toBe(first);
  });

  it('steps over the local times daylight saving skips, to the next that exists', () => {
    // 2025-03-09 is the spring-forward Sunday in New York, 2025-10-05 in Sydney, 2025-03-30 in Berlin (the last Sunday of March).
    expect(runs('*/30 2 * 3 0', 'America/New_York', '2025-03-03T00:00:00Z', 2)).toEqual([
      '2025-03-16T06:00:00.000Z',
      '2025-03-16T06:30:00.000Z',
    ]);
    expect(runs('*/20 2 * 10 0', 'Australia/Sydney', '2025-10-01T00:00:00Z', 1)).toEqual(['2025-10-11T15:00:00.000Z']);
    expect(runs('0 */10 2 * 3 0', 'Europe/Berlin', '2025-03-29T00:00:00Z', 1)).toEqual(['2026-03-01T01:00:00.000Z']);
    expect(runs('* * * * * *', 'America/New_York', '2025-03-09T06:59:59Z', 1)).toEqual(['2025-03-09T07:00:00.000Z']);
  });

  it.each([
    ['* * 2 * 3 +0#2', 'America/New_York'],
    ['* 2 8-14 3 +0', 'America/New_York'],
    ['0 */10 2 * 3 0L', 'Europe/Berlin'],
  ])('finds no run for %j in %s, where daylight saving skips every local time it names', (expression, zone) => {
    const schedule = CronSchedule.parse(expression, zone);
    const after = new Date('2025-01-01T00:00:00Z');
    expect(schedule.nextAfter(after)).toBeNull();
    expect(schedule.namesTimeAfter(after)).toBe(true);
  });
});

describe('CronSchedule.parse refusals', () => {
  it.each([
    ['61 * * * *', 'minute 61 is out of range 0-59'],
    ['* 24 * * *', 'hour 24 is out of range 0-23'],
    ['0 0 32 * *', 'day-of-month 32 is out of range 1-31'],
    ['0 0 * 13 *', 'month 13 is out of range 1-12'],
    ['60 0 0 * * *', 'second 60 is out of range 0-59'],
    ['* * * *', 'expected 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first, got 4'],
    ['0 0 0 * * * 2030', 'got 7'],
    ['', 'it is empty'],
    ['   ', 'it is empty'],
    ['2025-01-01T00:00:00', 'got 1'],
    ['@reboot', 'unknown alias @reboot'],
    [
      '@fortnightly',
      'unknown alias @fortnightly: use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly',
    ],
    ['0 0 * FOO *', 'the month field "FOO" has an unknown name "FOO"'],
    ['x * * * *', 'the minute field "x" may not contain "x"'],
    // The rest comes from croner.
    ['*/0 * * * *', 'illegal stepping: 0'],
    ['5-1 * * * *', 'from value is larger than to value'],
    ['0 0 * * MON#6', 'nth weekday out of range'],
  ])('refuses %j on field cronExpression', (expression, reason) => {
    const error = parseError(expression);
    expect(error.field).toBe('cronExpression');
    expect(error.message.startsWith(`cronExpression ${JSON.stringify(expression)} is invalid: `)).toBe(true);
    expect(error.message).toContain(reason);
  });

  it('refuses an unknown zone on field timezone', () => {
    const error = parseError('0 0 * * *', 'Mars/Olympus');
    expect(error.field).toBe('timezone');
    expect(error.message).toBe('timezone "Mars/Olympus" is not an IANA time zone (e.g. "Europe/Berlin")');
  });
});
