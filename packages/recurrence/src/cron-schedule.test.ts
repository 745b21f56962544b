import { CronSchedule } from './cron-schedule';
import { InvalidScheduleError } from './invalid-schedule-error';

/** The next `count` runs of `expression` in `zone` strictly after `after`, as ISO strings. */
function runs(expression: string, zone: string, after: string, count: number): string[] {
  const schedule = CronSchedule.parse(expression, zone);
  const result: string[] = [];
  let cursor = new Date(after);
  for (let i = 0; i < count; i++) {
    const run = schedule.nextAfter(cursor);
    if (!run) break;
    result.push(run.toISOString());
    cursor = run;
  }
  return result;
}

function parseError(expression: string, zone?: string): InvalidScheduleError {
  try {
    CronSchedule.parse(expression, zone);
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(expression)} to be refused`);
}

describe('CronSchedule in UTC', () => {
  it('reads 5 fields as minute-level and 6 fields with seconds first', () => {
    expect(runs('15 9 * * 1', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2025-01-06T09:15:00.000Z',
      '2025-01-13T09:15:00.000Z',
    ]);
    expect(runs('*/20 0 9 * * *', 'UTC', '2025-01-01T09:00:00Z', 3)).toEqual([
      '2025-01-01T09:00:20.000Z',
      '2025-01-01T09:00:40.000Z',
      '2025-01-02T09:00:00.000Z',
    ]);
  });

  it('defaults to UTC when no zone is given', () => {
    expect(CronSchedule.parse('0 12 * * *').nextAfter(new Date('2025-01-01T00:00:00Z'))?.toISOString()).toBe(
      '2025-01-01T12:00:00.000Z',
    );
  });

  it('lists runs strictly after `after`, to the millisecond', () => {
    expect(runs('0 12 * * *', 'UTC', '2025-01-01T11:59:59.999Z', 1)).toEqual(['2025-01-01T12:00:00.000Z']);
    expect(runs('0 12 * * *', 'UTC', '2025-01-01T12:00:00.000Z', 1)).toEqual(['2025-01-02T12:00:00.000Z']);
    expect(runs('* * * * * *', 'UTC', '2025-01-01T12:00:00.400Z', 1)).toEqual(['2025-01-01T12:00:01.000Z']);
  });

  it('matches day-of-month or day-of-week when both are given, as Vixie cron does', () => {
    // The 13th, or any Friday: Fri 3, Fri 10, Mon 13.
    expect(runs('0 0 13 * 5', 'UTC', '2025-01-01T00:00:00Z', 3)).toEqual([
      '2025-01-03T00:00:00.000Z',
      '2025-01-10T00:00:00.000Z',
      '2025-01-13T00:00:00.000Z',
    ]);
  });

  it('understands the @-aliases', () => {
    expect(runs('@hourly', 'UTC', '2025-01-01T00:10:00Z', 1)).toEqual(['2025-01-01T01:00:00.000Z']);
    expect(runs('@daily', 'UTC', '2025-01-01T00:10:00Z', 1)).toEqual(['2025-01-02T00:00:00.000Z']);
    expect(runs('@midnight', 'UTC', '2025-01-01T00:10:00Z', 1)).toEqual(['2025-01-02T00:00:00.000Z']);
    expect(runs('@weekly', 'UTC', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-01-05T00:00:00.000Z']);
    expect(runs('@monthly', 'UTC', '2025-01-01T00:00:00Z', 1)).toEqual(['2025-02-01T00:00:00.000Z']);
    expect(runs('@yearly', 'UTC', '2025-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T00:00:00.000Z']);
    expect(runs('@annually', 'UTC', '2025-01-01T00:00:00Z', 1)).toEqual(['2026-01-01T00:00:00.000Z']);
  });

  it('reads an alias in the schedule’s zone', () => {
    expect(runs('@daily', 'Europe/Berlin', '2025-06-01T12:00:00Z', 1)).toEqual(['2025-06-01T22:00:00.000Z']);
  });

  it('finds leap days and month ends', () => {
    expect(runs('0 0 29 2 *', 'UTC', '2025-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T00:00:00.000Z',
      '2032-02-29T00:00:00.000Z',
    ]);
    expect(runs('0 0 31 * *', 'UTC', '2025-01-31T00:00:00Z', 2)).toEqual([
      '2025-03-31T00:00:00.000Z',
      '2025-05-31T00:00:00.000Z',
    ]);
    expect(runs('0 0 L * *', 'UTC', '2024-01-31T00:00:00Z', 2)).toEqual([
      '2024-02-29T00:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
    ]);
  });

  it('gives null when nothing is left before the year 3000', () => {
    expect(CronSchedule.parse('0 0 1 1 *').nextAfter(new Date('2999-06-01T00:00:00Z'))).toBeNull();
    expect(CronSchedule.parse('0 0 30 2 *').nextAfter(new Date('2025-01-01T00:00:00Z'))).toBeNull();
  });
});

describe('CronSchedule across daylight-saving changes', () => {
  describe('America/New_York (2025-03-09 02:00 EST -> 03:00 EDT, 2025-11-02 02:00 EDT -> 01:00 EST)', () => {
    const zone = 'America/New_York';

    it('runs a time skipped by spring-forward once, at 03:00 EDT, and at 02:30 again the next day', () => {
      expect(runs('30 2 * * *', zone, '2025-03-08T12:00:00Z', 3)).toEqual([
        '2025-03-09T07:00:00.000Z',
        '2025-03-10T06:30:00.000Z',
        '2025-03-11T06:30:00.000Z',
      ]);
    });

    it('runs several skipped times of a fixed list once, at the end of the gap', () => {
      expect(runs('0,30 2 * * *', zone, '2025-03-09T00:00:00Z', 3)).toEqual([
        '2025-03-09T07:00:00.000Z',
        '2025-03-10T06:00:00.000Z',
        '2025-03-10T06:30:00.000Z',
      ]);
      expect(runs('30 2,14 * * *', zone, '2025-03-09T00:00:00Z', 2)).toEqual([
        '2025-03-09T07:00:00.000Z',
        '2025-03-09T18:30:00.000Z',
      ]);
    });

    it('runs a skipped time of a 6-field expression at the first second after the gap', () => {
      expect(runs('45 30 2 * * *', zone, '2025-03-08T12:00:00Z', 2)).toEqual([
        '2025-03-09T07:00:00.000Z',
        '2025-03-10T06:30:45.000Z',
      ]);
    });

    it('does not run the gap-end run again when asked from inside or just after it', () => {
      expect(runs('30 2 * * *', zone, '2025-03-09T06:59:59.999Z', 1)).toEqual(['2025-03-09T07:00:00.000Z']);
      expect(runs('30 2 * * *', zone, '2025-03-09T07:00:00Z', 1)).toEqual(['2025-03-10T06:30:00.000Z']);
    });

    it('runs a time in the repeated hour of fall-back once, at its first (EDT) occurrence', () => {
      expect(runs('30 1 * * *', zone, '2025-11-01T12:00:00Z', 2)).toEqual([
        '2025-11-02T05:30:00.000Z',
        '2025-11-03T06:30:00.000Z',
      ]);
      expect(runs('15 30 1 * * *', zone, '2025-11-01T12:00:00Z', 2)).toEqual([
        '2025-11-02T05:30:15.000Z',
        '2025-11-03T06:30:15.000Z',
      ]);
      expect(runs('30 1,13 * * *', zone, '2025-11-02T00:00:00Z', 2)).toEqual([
        '2025-11-02T05:30:00.000Z',
        '2025-11-02T18:30:00.000Z',
      ]);
    });

    it('does not run the repeated time again in the second (EST) pass', () => {
      for (const after of ['2025-11-02T05:30:00Z', '2025-11-02T06:00:00Z', '2025-11-02T06:29:59Z']) {
        expect(runs('30 1 * * *', zone, after, 1)).toEqual(['2025-11-03T06:30:00.000Z']);
      }
    });

    it('keeps expressions with a wildcard or step on elapsed time: both passes of fall-back, none in the gap', () => {
      expect(runs('0 * * * *', zone, '2025-11-02T04:30:00Z', 4)).toEqual([
        '2025-11-02T05:00:00.000Z',
        '2025-11-02T06:00:00.000Z',
        '2025-11-02T07:00:00.000Z',
        '2025-11-02T08:00:00.000Z',
      ]);
      expect(runs('*/30 * * * *', zone, '2025-11-02T04:50:00Z', 5)).toEqual([
        '2025-11-02T05:00:00.000Z',
        '2025-11-02T05:30:00.000Z',
        '2025-11-02T06:00:00.000Z',
        '2025-11-02T06:30:00.000Z',
        '2025-11-02T07:00:00.000Z',
      ]);
      expect(runs('30 * * * *', zone, '2025-03-09T05:00:00Z', 3)).toEqual([
        '2025-03-09T05:30:00.000Z',
        '2025-03-09T06:30:00.000Z',
        '2025-03-09T07:30:00.000Z',
      ]);
    });
  });

  describe('Europe/Berlin (2025-03-30 02:00 CET -> 03:00 CEST, 2025-10-26 03:00 CEST -> 02:00 CET)', () => {
    const zone = 'Europe/Berlin';

    it('runs 30 2 * * * at 03:00 CEST on the spring-forward day', () => {
      expect(runs('30 2 * * *', zone, '2025-03-29T12:00:00Z', 3)).toEqual([
        '2025-03-30T01:00:00.000Z',
        '2025-03-31T00:30:00.000Z',
        '2025-04-01T00:30:00.000Z',
      ]);
    });

    it('runs 30 2 * * * once on the fall-back day, at 02:30 CEST', () => {
      expect(runs('30 2 * * *', zone, '2025-10-25T12:00:00Z', 3)).toEqual([
        '2025-10-26T00:30:00.000Z',
        '2025-10-27T01:30:00.000Z',
        '2025-10-28T01:30:00.000Z',
      ]);
    });

    it('handles a 6-field expression on both change days', () => {
      expect(runs('10 30 2 * * *', zone, '2025-03-29T12:00:00Z', 1)).toEqual(['2025-03-30T01:00:00.000Z']);
      expect(runs('10 30 2 * * *', zone, '2025-10-25T12:00:00Z', 2)).toEqual([
        '2025-10-26T00:30:10.000Z',
        '2025-10-27T01:30:10.000Z',
      ]);
    });

    it('keeps a weekday-only job on local time across the change', () => {
      // Weekdays at 09:00 Berlin: 08:00Z in winter, 07:00Z in summer.
      expect(runs('0 9 * * 1-5', zone, '2025-03-28T00:00:00Z', 2)).toEqual([
        '2025-03-28T08:00:00.000Z',
        '2025-03-31T07:00:00.000Z',
      ]);
    });
  });

  it('handles a half-hour change (Australia/Lord_Howe, 2025-10-05 02:00 -> 02:30)', () => {
    expect(runs('15 2 * * *', 'Australia/Lord_Howe', '2025-10-04T00:00:00Z', 2)).toEqual([
      '2025-10-04T15:30:00.000Z',
      '2025-10-05T15:15:00.000Z',
    ]);
  });
});

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
