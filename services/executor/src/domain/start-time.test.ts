import { MAX_EARLY_START_MS, startTimeOf } from './start-time';

describe('startTimeOf', () => {
  const now = Date.parse('2026-12-04T10:00:00.000Z');

  it('starts a run that came early at its due time', () => {
    expect(startTimeOf(new Date(now + 15), now)).toBe(now + 15);
  });

  it('starts a run that is due or late, or has no due time, at once', () => {
    expect(startTimeOf(new Date(now), now)).toBe(now);
    expect(startTimeOf(new Date(now - 5000), now)).toBe(now);
    expect(startTimeOf(undefined, now)).toBe(now);
  });

  it('waits no longer than MAX_EARLY_START_MS, whatever the clocks say', () => {
    expect(startTimeOf(new Date(now + 3_600_000), now)).toBe(now + MAX_EARLY_START_MS);
  });
});
