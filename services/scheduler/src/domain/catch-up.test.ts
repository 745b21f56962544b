import { catchUpAfterRun, MAX_CATCH_UP_RUNS, oldestToCatchUp, resumedRunAt, type ResumePlan } from './catch-up';

const at = (time: string) => new Date(`2026-03-01T${time}Z`);
const minutely = { anchor: at('00:00:00'), cron: '* * * * *' };
const hourly = { anchor: at('00:00:00'), pattern: 'hourly' as const };
const MINUTE = 60_000;

describe('resumedRunAt', () => {
  const plan = (overrides: Partial<ResumePlan>): ResumePlan => ({
    type: 'recurring',
    recurrence: hourly,
    plannedAt: at('10:00:00'),
    windowMs: 0,
    retrying: false,
    ...overrides,
  });

  it('keeps the planned run when nothing was missed', () => {
    expect(resumedRunAt(plan({ windowMs: 3 * 3600_000 }), at('09:30:00'))).toEqual(at('10:00:00'));
  });

  it('runs once, now, after missed occurrences without a window', () => {
    expect(resumedRunAt(plan({}), at('13:20:00'))).toEqual(at('13:20:00'));
  });

  it('starts from the oldest missed occurrence within the window', () => {
    expect(resumedRunAt(plan({ windowMs: 2 * 3600_000 }), at('13:20:00'))).toEqual(at('12:00:00'));
  });

  it('waits for the next occurrence when every missed one is older than the window', () => {
    expect(resumedRunAt(plan({ windowMs: 10 * MINUTE }), at('13:20:00'))).toEqual(at('14:00:00'));
  });

  it('runs a one-time job whose time passed within the window, and misses it outside', () => {
    const oneTime = plan({ type: 'one_time', recurrence: { anchor: at('10:00:00') }, windowMs: 3600_000 });
    expect(resumedRunAt(oneTime, at('10:30:00'))).toEqual(at('10:00:00'));
    expect(resumedRunAt(oneTime, at('11:30:00'))).toBeUndefined();
    expect(resumedRunAt({ ...oneTime, windowMs: 0 }, at('11:30:00'))).toEqual(at('11:30:00'));
  });

  it('runs a pending retry now whatever the window', () => {
    expect(resumedRunAt(plan({ windowMs: MINUTE, retrying: true }), at('13:20:00'))).toEqual(at('13:20:00'));
  });
});

describe('catchUpAfterRun', () => {
  const run = { dueAt: at('10:00:00'), startedAt: at('10:05:30'), caughtUp: 0 };

  it('goes on to the next occurrence that was already due when the run started', () => {
    expect(catchUpAfterRun(minutely, 10 * MINUTE, run, at('10:05:40'))).toEqual(at('10:01:00'));
  });

  it('skips occurrences older than the window', () => {
    expect(catchUpAfterRun(minutely, 2 * MINUTE, run, at('10:05:40'))).toEqual(at('10:04:00'));
  });

  it('leaves occurrences that came due while the run ran to the schedule', () => {
    const onTime = { dueAt: at('10:00:00'), startedAt: at('10:00:00.010'), caughtUp: 0 };
    expect(catchUpAfterRun(minutely, 10 * MINUTE, onTime, at('10:03:00'))).toBeUndefined();
  });

  it(`stops after ${MAX_CATCH_UP_RUNS} catch-up runs in a row`, () => {
    expect(catchUpAfterRun(minutely, 10 * MINUTE, { ...run, caughtUp: MAX_CATCH_UP_RUNS - 1 }, at('10:05:40'))).toEqual(
      at('10:01:00'),
    );
    expect(
      catchUpAfterRun(minutely, 10 * MINUTE, { ...run, caughtUp: MAX_CATCH_UP_RUNS }, at('10:05:40')),
    ).toBeUndefined();
  });

  it('never catches up without a window', () => {
    expect(catchUpAfterRun(minutely, 0, run, at('10:05:40'))).toBeUndefined();
  });
});

describe('oldestToCatchUp', () => {
  it('takes the oldest occurrence in the range', () => {
    expect(oldestToCatchUp(minutely, at('09:59:59'), at('09:00:00'), at('10:30:00'))).toEqual(at('10:00:00'));
    expect(oldestToCatchUp(minutely, at('09:00:00'), at('10:10:00'), at('10:30:00'))).toEqual(at('10:10:00'));
  });

  it('finds none when the next occurrence lies past the range', () => {
    expect(oldestToCatchUp(hourly, at('10:00:00'), at('09:00:00'), at('10:30:00'))).toBeUndefined();
  });
});
