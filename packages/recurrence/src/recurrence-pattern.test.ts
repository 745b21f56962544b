import { isRecurrencePattern, nextPatternRunAfter, type RecurrencePattern } from './recurrence-pattern';

const at = (text: string) => new Date(text);
const next = (anchor: string, pattern: RecurrencePattern, after: string) =>
  nextPatternRunAfter(at(anchor), pattern, at(after))?.toISOString();

describe('isRecurrencePattern', () => {
  it('accepts the four patterns and nothing else', () => {
    for (const pattern of ['hourly', 'daily', 'weekly', 'monthly']) expect(isRecurrencePattern(pattern)).toBe(true);
    for (const other of ['yearly', 'Daily', ' daily', '', undefined, null, 1])
      expect(isRecurrencePattern(other)).toBe(false);
  });
});

describe('nextPatternRunAfter', () => {
  it('is the anchor itself while `after` is before it', () => {
    expect(next('2025-06-01T10:00:00Z', 'hourly', '2025-06-01T09:59:59.999Z')).toBe('2025-06-01T10:00:00.000Z');
    expect(next('2025-06-01T10:00:00Z', 'monthly', '1970-01-01T00:00:00Z')).toBe('2025-06-01T10:00:00.000Z');
  });

  it('is strictly after `after`, also when `after` is an occurrence', () => {
    expect(next('2025-06-01T10:00:00Z', 'hourly', '2025-06-01T10:00:00Z')).toBe('2025-06-01T11:00:00.000Z');
    expect(next('2025-06-01T10:00:00Z', 'daily', '2025-06-03T10:00:00Z')).toBe('2025-06-04T10:00:00.000Z');
    expect(next('2025-06-01T10:00:00Z', 'weekly', '2025-06-08T09:59:59.999Z')).toBe('2025-06-08T10:00:00.000Z');
    expect(next('2025-01-31T10:00:00Z', 'monthly', '2025-02-28T10:00:00Z')).toBe('2025-03-31T10:00:00.000Z');
  });

  it('adds exact hours and days in UTC, whatever daylight saving does to local clocks', () => {
    // 2025-03-09 and 2025-11-02 are the US changes, 2025-03-30 the European one.
    expect(next('2025-03-08T12:00:00Z', 'daily', '2025-03-09T00:00:00Z')).toBe('2025-03-09T12:00:00.000Z');
    expect(next('2025-03-29T01:30:00Z', 'daily', '2025-03-29T01:30:00Z')).toBe('2025-03-30T01:30:00.000Z');
    expect(next('2025-11-01T05:30:00Z', 'hourly', '2025-11-02T05:30:00Z')).toBe('2025-11-02T06:30:00.000Z');
    expect(next('2025-10-27T00:00:00Z', 'weekly', '2025-10-27T00:00:00Z')).toBe('2025-11-03T00:00:00.000Z');
  });

  it('finds the right occurrence centuries after the anchor', () => {
    expect(next('2025-01-01T00:30:00Z', 'hourly', '2400-06-15T12:45:00Z')).toBe('2400-06-15T13:30:00.000Z');
    expect(next('2025-01-01T00:30:00Z', 'daily', '2400-06-15T00:30:00Z')).toBe('2400-06-16T00:30:00.000Z');
    // 2025-01-06 and 2400-06-19 are both Mondays.
    expect(next('2025-01-06T08:00:00Z', 'weekly', '2400-06-15T00:00:00Z')).toBe('2400-06-19T08:00:00.000Z');
    expect(next('2024-01-31T08:00:00Z', 'monthly', '2100-02-10T00:00:00Z')).toBe('2100-02-28T08:00:00.000Z');
    expect(next('2024-01-31T08:00:00Z', 'monthly', '2224-02-10T00:00:00Z')).toBe('2224-02-29T08:00:00.000Z');
    expect(next('2024-01-31T08:00:00Z', 'monthly', '2400-02-29T08:00:00Z')).toBe('2400-03-31T08:00:00.000Z');
  });

  it('agrees with stepping through every monthly occurrence, for `after` values between and on them', () => {
    for (const anchor of ['2024-01-31T23:59:59.999Z', '2024-02-29T00:00:00Z', '2023-03-30T12:00:00Z']) {
      const runs: Date[] = [at(anchor)];
      for (let k = 0; k < 60; k++) runs.push(nextPatternRunAfter(at(anchor), 'monthly', runs[runs.length - 1])!);
      for (let k = 1; k < runs.length; k++) {
        const previous = runs[k - 1].getTime();
        const midway = new Date(previous + (runs[k].getTime() - previous) / 2);
        expect(nextPatternRunAfter(at(anchor), 'monthly', midway)).toEqual(runs[k]);
        expect(nextPatternRunAfter(at(anchor), 'monthly', new Date(runs[k].getTime() - 1))).toEqual(runs[k]);
        // Occurrences are one calendar month apart.
        const monthsApart =
          (runs[k].getUTCFullYear() - runs[k - 1].getUTCFullYear()) * 12 +
          runs[k].getUTCMonth() -
          runs[k - 1].getUTCMonth();
        expect(monthsApart).toBe(1);
      }
    }
  });

  it('is null past the end of the Date range', () => {
    expect(nextPatternRunAfter(at('2025-01-01T00:00:00Z'), 'weekly', new Date(8.64e15 - 1))).toBeNull();
    expect(nextPatternRunAfter(at('2025-01-01T00:00:00Z'), 'monthly', new Date(8.64e15 - 1))).toBeNull();
  });
});
