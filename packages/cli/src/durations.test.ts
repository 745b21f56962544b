import { parseDuration } from './durations';
import { UsageError } from './usage-error';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['2d', 172_800_000],
    ['250ms', 250],
    ['1.5s', 1500],
  ])('reads %s as %d ms', (text, ms) => {
    expect(parseDuration(text, '--in')).toBe(ms);
  });

  it.each(['', '30', 'soon', '5 minutes', '1h-5m', '-5s'])('refuses %p, naming the flag', (text) => {
    expect(() => parseDuration(text, '--timeout')).toThrow(UsageError);
    expect(() => parseDuration(text, '--timeout')).toThrow(/^--timeout must be a duration/);
  });
});
