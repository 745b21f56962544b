import { upcomingRun } from './schedule';

const now = new Date('2026-03-01T12:00:00Z');

describe('upcomingRun', () => {
  it('runs a one-time job at its time, and at once (its past time) when that has passed', () => {
    const later = new Date('2026-03-01T13:00:00Z');
    const earlier = new Date('2026-03-01T11:00:00Z');
    expect(upcomingRun('one_time', { anchor: later }, now)).toEqual(later);
    expect(upcomingRun('one_time', { anchor: earlier }, now)).toEqual(earlier);
  });

  it('runs a recurring job at its first run when that is still ahead', () => {
    expect(upcomingRun('recurring', { anchor: new Date('2026-03-02T00:00:00Z'), pattern: 'daily' }, now)).toEqual(
      new Date('2026-03-02T00:00:00Z'),
    );
    expect(upcomingRun('recurring', { anchor: now, cron: '30 * * * *' }, now)).toEqual(
      new Date('2026-03-01T12:30:00Z'),
    );
  });

  it('runs a recurring job whose first run has passed at its next run from now, not the missed ones', () => {
    const anchor = new Date('2026-02-20T09:00:00Z');
    expect(upcomingRun('recurring', { anchor, pattern: 'daily' }, now)).toEqual(new Date('2026-03-02T09:00:00Z'));
    expect(upcomingRun('recurring', { anchor, cron: '0 * * * *' }, now)).toEqual(now);
  });
});
