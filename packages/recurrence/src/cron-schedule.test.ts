import { runs } from './cron-schedule.test-fixtures';
import { CronSchedule } from './cron-schedule';

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
