import { assertTimeZone, isTimeZone } from './time-zone';
import { InvalidScheduleError } from './invalid-schedule-error';

describe('isTimeZone', () => {
  it('accepts IANA zones, their aliases and UTC', () => {
    for (const zone of [
      'UTC',
      'Etc/UTC',
      'America/New_York',
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'US/Eastern',
      'Asia/Kolkata',
    ]) {
      expect(isTimeZone(zone)).toBe(true);
    }
  });

  it('refuses unknown names, fixed offsets, blanks and padded names', () => {
    for (const zone of ['Mars/Olympus', 'Europe/Atlantis', '+05:00', '-0800', '', ' ', ' UTC', 'UTC ', 'Z']) {
      expect(isTimeZone(zone)).toBe(false);
    }
  });
});

describe('assertTimeZone', () => {
  it('throws on field timezone with the zone in the message', () => {
    expect(() => assertTimeZone('Mars/Olympus')).toThrow(
      new InvalidScheduleError('timezone', 'timezone "Mars/Olympus" is not an IANA time zone (e.g. "Europe/Berlin")'),
    );
    try {
      assertTimeZone('Mars/Olympus');
    } catch (error) {
      expect((error as InvalidScheduleError).field).toBe('timezone');
    }
    expect(() => assertTimeZone('Europe/Berlin')).not.toThrow();
  });
});
