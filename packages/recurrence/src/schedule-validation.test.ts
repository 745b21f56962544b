import { InvalidScheduleError } from './invalid-schedule-error';
import { validateJobSchedule, validateSchedule, type Schedule } from './schedule';

const at = (text: string) => new Date(text);

function refusal(act: () => unknown): InvalidScheduleError {
  try {
    act();
  } catch (error) {
    if (error instanceof InvalidScheduleError) return error;
    throw error;
  }
  throw new Error('expected an InvalidScheduleError');
}

describe('validateSchedule', () => {
  const anchor = at('2025-06-01T10:00:00Z');

  it('accepts each pattern, and cron expressions with or without a zone', () => {
    for (const pattern of ['hourly', 'daily', 'weekly', 'monthly'])
      expect(() => validateSchedule({ anchor, pattern })).not.toThrow();
    expect(() => validateSchedule({ anchor, cron: '0 9 * * 1-5' })).not.toThrow();
    expect(() => validateSchedule({ anchor, cron: '0 0 9 * * *', timezone: 'America/New_York' })).not.toThrow();
    expect(() => validateSchedule({ anchor, cron: '@daily', timezone: 'US/Eastern' })).not.toThrow();
  });

  it.each<[string, Schedule, string, string]>([
    [
      'an unknown pattern',
      { anchor, pattern: 'yearly' },
      'recurrencePattern',
      'recurrencePattern must be one of hourly, daily, weekly, monthly, got "yearly"',
    ],
    [
      'a pattern in the wrong case',
      { anchor, pattern: 'Daily' },
      'recurrencePattern',
      'recurrencePattern must be one of hourly, daily, weekly, monthly, got "Daily"',
    ],
    ['neither pattern nor cron', { anchor }, 'recurrencePattern', 'a recurring job needs a recurrencePattern'],
    [
      'both pattern and cron',
      { anchor, pattern: 'daily', cron: '0 0 * * *' },
      'cronExpression',
      'give either recurrencePattern or cronExpression, not both',
    ],
    [
      'a cron that does not parse',
      { anchor, cron: '61 * * * *' },
      'cronExpression',
      'cronExpression "61 * * * *" is invalid: minute 61 is out of range 0-59',
    ],
    [
      'a cron that never matches',
      { anchor, cron: '0 0 30 2 *' },
      'cronExpression',
      'cronExpression "0 0 30 2 *" never matches a date',
    ],
    [
      'a cron that daylight saving always skips',
      { anchor, cron: '* * 2 * 3 +0#2', timezone: 'America/New_York' },
      'cronExpression',
      'cronExpression "* * 2 * 3 +0#2" never runs in America/New_York: daylight saving skips every local time it names',
    ],
    [
      'a cron with no run left after the anchor',
      { anchor: at('3001-01-01T00:00:00Z'), cron: '0 0 * * *' },
      'cronExpression',
      'has no run between scheduledAt and the year 3000',
    ],
    [
      'an unknown zone',
      { anchor, cron: '0 0 * * *', timezone: 'Mars/Olympus' },
      'timezone',
      'timezone "Mars/Olympus" is not an IANA time zone',
    ],
    [
      'a fixed offset as zone',
      { anchor, cron: '0 0 * * *', timezone: '+02:00' },
      'timezone',
      'timezone "+02:00" is not an IANA time zone',
    ],
    ['an empty zone', { anchor, cron: '0 0 * * *', timezone: '' }, 'timezone', 'timezone "" is not an IANA time zone'],
    [
      'a zone with a pattern',
      { anchor, pattern: 'daily', timezone: 'Europe/Berlin' },
      'timezone',
      'timezone goes only with a cronExpression',
    ],
    [
      'an invalid anchor',
      { anchor: new Date(Number.NaN), pattern: 'daily' },
      'scheduledAt',
      'scheduledAt must be a valid time',
    ],
  ])('refuses %s, naming the field', (_case, schedule, field, message) => {
    const error = refusal(() => validateSchedule(schedule));
    expect(error.field).toBe(field);
    expect(error.message).toContain(message);
  });
});

describe('validateJobSchedule', () => {
  const anchor = at('2025-06-02T09:00:00Z');

  it('checks a recurring job as validateSchedule does', () => {
    expect(() => validateJobSchedule('recurring', { anchor, cron: '0 9 * * *' })).not.toThrow();
    expect(refusal(() => validateJobSchedule('recurring', { anchor })).field).toBe('recurrencePattern');
  });

  it.each<[string, Schedule, string]>([
    ['a pattern', { anchor, pattern: 'daily' }, 'recurrencePattern'],
    ['a cron expression', { anchor, cron: '0 9 * * *' }, 'cronExpression'],
    ['a time zone', { anchor, timezone: 'Europe/Paris' }, 'timezone'],
  ])('refuses a one-time job with %s', (_case, schedule, field) => {
    const error = refusal(() => validateJobSchedule('one_time', schedule));
    expect([error.field, error.message]).toEqual([field, expect.stringContaining('only for recurring jobs')]);
  });

  it('takes a one-time job with only its time', () => {
    expect(() => validateJobSchedule('one_time', { anchor })).not.toThrow();
  });
});
