import { addMonthsClamped } from './add-months-clamped';

const iso = (date: Date) => date.toISOString();
const at = (text: string) => new Date(text);

describe('addMonthsClamped', () => {
  it('keeps the day and the time of day when the target month has that day', () => {
    expect(iso(addMonthsClamped(at('2025-01-15T09:30:15.250Z'), 1))).toBe('2025-02-15T09:30:15.250Z');
    expect(iso(addMonthsClamped(at('2025-11-15T09:30:00Z'), 3))).toBe('2026-02-15T09:30:00.000Z');
  });

  it('moves the 31st to the last day of shorter months, and back to the 31st after them', () => {
    const anchor = at('2025-01-31T12:00:00Z');
    const days = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((k) => iso(addMonthsClamped(anchor, k)).slice(0, 10));
    expect(days).toEqual([
      '2025-01-31',
      '2025-02-28',
      '2025-03-31',
      '2025-04-30',
      '2025-05-31',
      '2025-06-30',
      '2025-07-31',
      '2025-08-31',
      '2025-09-30',
      '2025-10-31',
      '2025-11-30',
      '2025-12-31',
      '2026-01-31',
    ]);
  });

  it('gives February 29 in leap years and February 28 otherwise', () => {
    expect(iso(addMonthsClamped(at('2024-01-31T00:00:00Z'), 1))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(addMonthsClamped(at('2024-01-30T00:00:00Z'), 1))).toBe('2024-02-29T00:00:00.000Z');
    expect(iso(addMonthsClamped(at('2023-01-30T00:00:00Z'), 1))).toBe('2023-02-28T00:00:00.000Z');
    // Century rule: 2100 is not a leap year, 2000 and 2400 are.
    expect(iso(addMonthsClamped(at('2100-01-31T00:00:00Z'), 1))).toBe('2100-02-28T00:00:00.000Z');
    expect(iso(addMonthsClamped(at('2000-01-31T00:00:00Z'), 1))).toBe('2000-02-29T00:00:00.000Z');
    expect(iso(addMonthsClamped(at('2400-01-31T00:00:00Z'), 1))).toBe('2400-02-29T00:00:00.000Z');
  });

  it('takes a February 29 anchor to the 28th in common years and the 29th in leap years', () => {
    const anchor = at('2024-02-29T06:00:00Z');
    expect(iso(addMonthsClamped(anchor, 1))).toBe('2024-03-29T06:00:00.000Z');
    expect(iso(addMonthsClamped(anchor, 12))).toBe('2025-02-28T06:00:00.000Z');
    expect(iso(addMonthsClamped(anchor, 13))).toBe('2025-03-29T06:00:00.000Z');
    expect(iso(addMonthsClamped(anchor, 48))).toBe('2028-02-29T06:00:00.000Z');
  });

  it('reads years below 100 as themselves, not as 19xx', () => {
    const anchor = new Date(0);
    anchor.setUTCFullYear(50, 0, 31);
    const result = addMonthsClamped(anchor, 1);
    expect([result.getUTCFullYear(), result.getUTCMonth(), result.getUTCDate()]).toEqual([50, 1, 28]);
  });

  it('returns an invalid date past the end of the Date range', () => {
    expect(Number.isNaN(addMonthsClamped(at('+275760-09-01T00:00:00Z'), 1).getTime())).toBe(true);
  });
});
