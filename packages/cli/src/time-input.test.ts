import { parseTime, runTime } from './time-input';
import { UsageError } from './usage-error';

describe('parseTime', () => {
  it('reads RFC 3339 times with a zone, and local times without one', () => {
    expect(parseTime('2026-01-16T02:00:00Z', '--at').toISOString()).toBe('2026-01-16T02:00:00.000Z');
    expect(parseTime('2026-01-16T02:00:00+01:00', '--at').toISOString()).toBe('2026-01-16T01:00:00.000Z');
    expect(parseTime('2026-01-16 02:00', '--at')).toEqual(new Date(2026, 0, 16, 2, 0));
  });

  it.each(['tomorrow', '16/01/2026', '2026-13-40T00:00:00Z', ''])('refuses %p, naming the flag', (text) => {
    expect(() => parseTime(text, '--at')).toThrow(UsageError);
    expect(() => parseTime(text, '--at')).toThrow(/^--at must be a date and time/);
  });
});

describe('runTime', () => {
  const now = new Date('2026-01-16T02:00:00Z');

  it('adds --in to now', () => {
    expect(runTime({ in: '90s' }, now).toISOString()).toBe('2026-01-16T02:01:30.000Z');
  });

  it('wants exactly one of --at and --in', () => {
    expect(() => runTime({}, now)).toThrow(/--at TIME or --in DURATION/);
    expect(() => runTime({ at: 'now', in: '5s' }, now)).toThrow('give either --at or --in, not both');
  });
});
