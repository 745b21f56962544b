import { retryDelayMs } from './retry-delay';

const fixed = (value: number) => () => value;

describe('retryDelayMs', () => {
  it('doubles from baseMs with each attempt (random 0.5 adds no jitter)', () => {
    const delays = [1, 2, 3, 4, 5].map((attempt) =>
      retryDelayMs(attempt, { baseMs: 1000, maxMs: 3_600_000, random: fixed(0.5) }),
    );
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16000]);
  });

  it('stops growing at maxMs, also for huge attempt numbers', () => {
    const options = { baseMs: 1000, maxMs: 60_000, jitter: 0 };
    expect(retryDelayMs(6, options)).toBe(32_000);
    expect(retryDelayMs(7, options)).toBe(60_000);
    expect(retryDelayMs(5000, options)).toBe(60_000);
  });

  it('spreads the delay by up to ±20% by default', () => {
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(0) })).toBe(3200);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(0.999999) })).toBe(4800);
    expect(retryDelayMs(3, { baseMs: 1000, maxMs: 60_000, random: fixed(0.75) })).toBe(4400);
  });

  it('takes another jitter fraction', () => {
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, jitter: 0.5, random: fixed(0) })).toBe(500);
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, jitter: 1, random: fixed(0) })).toBe(0);
  });

  it('never exceeds maxMs, jitter included, and never goes below 0', () => {
    expect(retryDelayMs(10, { baseMs: 1000, maxMs: 60_000, random: fixed(0.999999) })).toBe(60_000);
    expect(retryDelayMs(10, { baseMs: 1000, maxMs: 60_000, random: fixed(0) })).toBe(48_000);
    expect(retryDelayMs(1, { baseMs: 0, maxMs: 60_000, random: fixed(0) })).toBe(0);
    // A faulty random source cannot push the delay out of bounds either.
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 1100, random: fixed(5) })).toBe(1100);
    expect(retryDelayMs(1, { baseMs: 1000, maxMs: 1100, jitter: 1, random: fixed(-5) })).toBe(0);
  });

  it('stays within its bounds with the default random source', () => {
    for (let i = 0; i < 1000; i++) {
      const delay = retryDelayMs(2, { baseMs: 1000, maxMs: 60_000 });
      expect(delay).toBeGreaterThanOrEqual(1600);
      expect(delay).toBeLessThanOrEqual(2400);
      expect(Number.isInteger(delay)).toBe(true);
    }
  });

  it('refuses attempts below 1 and options out of range', () => {
    expect(() => retryDelayMs(0, { baseMs: 1000, maxMs: 60_000 })).toThrow(
      'attempt must be a whole number from 1, got 0',
    );
    expect(() => retryDelayMs(1.5, { baseMs: 1000, maxMs: 60_000 })).toThrow(RangeError);
    expect(() => retryDelayMs(1, { baseMs: -1, maxMs: 60_000 })).toThrow(RangeError);
    expect(() => retryDelayMs(1, { baseMs: 1000, maxMs: Number.NaN })).toThrow(RangeError);
    expect(() => retryDelayMs(1, { baseMs: 1000, maxMs: 60_000, jitter: 1.5 })).toThrow(
      'jitter must be from 0 to 1, got 1.5',
    );
  });
});
