import { resolveLocalTime, utcOffsetMs, wallClockMs } from './local-time';

const wall = (text: string) => Date.parse(`${text}Z`);
const iso = (ms: number) => new Date(ms).toISOString();

describe('local time in a zone', () => {
  it('reads the offset and the wall clock at an instant', () => {
    expect(utcOffsetMs('America/New_York', Date.parse('2025-01-15T12:00:00.250Z'))).toBe(-5 * 3_600_000);
    expect(utcOffsetMs('America/New_York', Date.parse('2025-07-15T12:00:00Z'))).toBe(-4 * 3_600_000);
    expect(iso(wallClockMs('Asia/Kolkata', Date.parse('2025-01-15T12:00:00.250Z')))).toBe('2025-01-15T17:30:00.250Z');
  });

  it('resolves an ordinary time to its one instant', () => {
    expect(resolveLocalTime('America/New_York', wall('2025-03-09T01:59:59'))).toEqual({
      kind: 'single',
      instantMs: Date.parse('2025-03-09T06:59:59Z'),
    });
    expect(resolveLocalTime('UTC', wall('2025-03-09T02:30:00'))).toEqual({
      kind: 'single',
      instantMs: Date.parse('2025-03-09T02:30:00Z'),
    });
  });

  it('resolves a time of the repeated hour to its first (daylight) instant', () => {
    expect(resolveLocalTime('America/New_York', wall('2025-11-02T01:30:00'))).toEqual({
      kind: 'repeated',
      instantMs: Date.parse('2025-11-02T05:30:00Z'),
    });
  });

  it('says where the gap ends for a skipped time, whole-hour and half-hour changes alike', () => {
    expect(resolveLocalTime('America/New_York', wall('2025-03-09T02:30:00'))).toEqual({
      kind: 'skipped',
      gapEndMs: wall('2025-03-09T03:00:00'),
    });
    expect(resolveLocalTime('Europe/Berlin', wall('2025-03-30T02:00:00'))).toEqual({
      kind: 'skipped',
      gapEndMs: wall('2025-03-30T03:00:00'),
    });
    expect(resolveLocalTime('Australia/Lord_Howe', wall('2025-10-05T02:10:00'))).toEqual({
      kind: 'skipped',
      gapEndMs: wall('2025-10-05T02:30:00'),
    });
  });
});
