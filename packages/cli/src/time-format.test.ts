import { formatTime, relativeHint } from './time-format';

describe('relativeHint', () => {
  const now = new Date('2026-01-16T02:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);

  it.each([
    [4 * 60_000 + 30_000, 'in 4m'],
    [-2 * 3_600_000, '2h ago'],
    [3 * 86_400_000, 'in 3d'],
    [12_000, 'in 12s'],
    [-45_000, '45s ago'],
    [400, 'now'],
  ])('says %d ms away as %p', (ms, hint) => {
    expect(relativeHint(at(ms), now)).toBe(hint);
  });
});

describe('formatTime', () => {
  it('prints the local time with its hint, and nothing for no time', () => {
    const now = new Date(2026, 0, 16, 2, 0, 0);
    expect(formatTime(new Date(2026, 0, 16, 2, 4, 5), now)).toBe('2026-01-16 02:04:05 (in 4m)');
    expect(formatTime(undefined, now)).toBe('');
  });
});
