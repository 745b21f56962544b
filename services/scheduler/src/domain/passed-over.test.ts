import { doomedOccurrences, MAX_COUNTED, MAX_NOTES, passedOver } from './passed-over';
import type { Schedule } from './schedule';
import { applied, job, now, planner } from './schedule-planner.test-fixtures';

const at = (ms: number) => new Date(now.getTime() + ms);
const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3600_000;
const everySecond = { anchor: now, cron: '* * * * * *', timezone: 'UTC' };
const hourly = (overrides = {}) =>
  job({ type: 'recurring', recurrencePattern: 'hourly', scheduledAt: new Date('2026-03-01T02:30:00Z'), ...overrides });
const outcome = (row: Schedule, endedAt: Date) => ({
  jobId: row.jobId,
  runId: row.runId,
  attempt: row.attempt,
  succeeded: true,
  endedAt,
});

describe('occurrences passed over', () => {
  it('costs one step and finds nothing when the next run is the next occurrence', () => {
    expect(passedOver(everySecond, at(0), at(SECOND), at(0))).toBeUndefined();
  });

  it('calls those due before the run started missed, and those due while it ran skipped', () => {
    // The run of 12:00:00 started at 12:00:02 and ended at 12:00:04; its next run is 12:00:05.
    const passed = passedOver(everySecond, at(0), at(5 * SECOND), at(2 * SECOND));
    expect(passed).toEqual({
      notes: [
        { dueAt: at(SECOND), outcome: 'missed' },
        { dueAt: at(2 * SECOND), outcome: 'missed' },
        { dueAt: at(3 * SECOND), outcome: 'skipped' },
        { dueAt: at(4 * SECOND), outcome: 'skipped' },
      ],
      omitted: 0,
    });
  });

  it('lists the newest 1,000 of a long run and counts the older ones, up to a bound', () => {
    const hourLong = passedOver(everySecond, at(0), at(HOUR), at(0));
    expect(hourLong?.notes).toHaveLength(MAX_NOTES);
    expect(hourLong?.notes[MAX_NOTES - 1].dueAt).toEqual(at(HOUR - SECOND));
    expect(hourLong?.omitted).toBe(3599 - MAX_NOTES);
    const dayLong = passedOver(everySecond, at(0), at(24 * HOUR), at(0));
    expect((dayLong?.notes.length ?? 0) + (dayLong?.omitted ?? 0)).toBe(MAX_COUNTED);
  });

  it('reports the occurrences an every-second job skipped during a slow run when the run ends', () => {
    const created = job({ type: 'recurring', cronExpression: '* * * * * *', scheduledAt: now });
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, created, at(-500)));
    expect(row.occurrenceAt).toEqual(now);
    const running = planner.dispatched(row, at(10), 1000);
    const next = planner.afterOutcome(running, outcome(running, at(3500)), at(3600));
    expect(next?.nextRunAt).toEqual(at(4 * SECOND));
    expect(next?.occurrenceAt).toEqual(at(4 * SECOND));
    expect(next?.passedOver?.notes.map((n) => [n.dueAt.getTime() - now.getTime(), n.outcome])).toEqual([
      [1000, 'skipped'],
      [2000, 'skipped'],
      [3000, 'skipped'],
    ]);
  });

  it('counts a late run (downtime) as its occurrence, and the ones due before it started as missed', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now)); // waits for 12:30
    // The scheduler was down until 15:40: the 12:30 run starts then; 13:30, 14:30 and 15:30 were missed.
    const running = planner.dispatched(row, at(3 * HOUR + 40 * MINUTE), 1000);
    const next = planner.afterOutcome(
      running,
      outcome(running, at(3 * HOUR + 41 * MINUTE)),
      at(3 * HOUR + 41 * MINUTE),
    );
    expect(next?.nextRunAt).toEqual(at(4 * HOUR + 30 * MINUTE));
    expect(next?.passedOver?.notes).toEqual(
      [1, 2, 3].map((h) => ({ dueAt: at(h * HOUR + 30 * MINUTE), outcome: 'missed' })),
    );
  });

  it('leaves out of a run end what the sweep reported already', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const swept = { ...row, missedReportedUntil: at(2 * HOUR + 30 * MINUTE) };
    const running = planner.dispatched(swept, at(3 * HOUR + 40 * MINUTE), 1000);
    const next = planner.afterOutcome(
      running,
      outcome(running, at(3 * HOUR + 41 * MINUTE)),
      at(3 * HOUR + 41 * MINUTE),
    );
    expect(next?.passedOver?.notes).toEqual([{ dueAt: at(3 * HOUR + 30 * MINUTE), outcome: 'missed' }]);
    expect(next?.missedReportedUntil).toBeUndefined();
  });

  it('reports on resume the occurrences older than the catch-up window as missed', () => {
    const created = hourly({ catchUpWindowMs: 2 * HOUR });
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, created, now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, { ...created, status: 'paused' }, now));
    // Resumed at 15:45: 12:30 and 13:30 are outside the window (missed), 14:30 runs now.
    const resuming = planner.applyJobEvent(paused, 'resumed', 3, created, at(3 * HOUR + 45 * MINUTE));
    const resumed = applied(resuming);
    expect(resumed.nextRunAt).toEqual(at(2 * HOUR + 30 * MINUTE));
    expect(resumed.passedOver?.notes).toEqual(
      [0, 1].map((h) => ({ dueAt: at(h * HOUR + 30 * MINUTE), outcome: 'missed' })),
    );
    expect(resuming.kind === 'apply' && resuming.announced?.passedOver?.notes).toHaveLength(2);
  });

  it('runs a resume without a window as the occurrence it waited for, and a one-time job out of its window is missed', () => {
    const row = applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now));
    const paused = applied(planner.applyJobEvent(row, 'paused', 2, hourly({ status: 'paused' }), now));
    const resumed = applied(planner.applyJobEvent(paused, 'resumed', 3, hourly(), at(3 * HOUR)));
    expect(resumed).toMatchObject({ nextRunAt: at(3 * HOUR), occurrenceAt: at(30 * MINUTE) });
    expect(resumed.passedOver).toBeUndefined();

    const once = job({ scheduledAt: at(MINUTE), catchUpWindowMs: MINUTE });
    const waiting = applied(planner.applyJobEvent(undefined, 'created', 1, once, now));
    const held = applied(planner.applyJobEvent(waiting, 'paused', 2, { ...once, status: 'paused' }, now));
    const missed = applied(planner.applyJobEvent(held, 'resumed', 3, once, at(HOUR)));
    expect(missed).toMatchObject({ state: 'idle', status: 'failed' });
    expect(missed.passedOver?.notes).toEqual([{ dueAt: at(MINUTE), outcome: 'missed' }]);
  });
});

describe('the missed-occurrence sweep', () => {
  const waitingSince = (overrides: Partial<Schedule> = {}): Schedule => ({
    ...applied(planner.applyJobEvent(undefined, 'created', 1, hourly(), now)),
    ...overrides,
  });

  it('reports the occurrences after a waiting run older than the grace period, and then nothing new', () => {
    const row = waitingSince(); // waits for 12:30
    const sweep = doomedOccurrences(row, at(3 * HOUR + 31 * MINUTE), MINUTE);
    expect(sweep?.passedOver.notes.map((n) => n.dueAt)).toEqual([1, 2].map((h) => at(h * HOUR + 30 * MINUTE)));
    expect(sweep?.reportedUntil).toEqual(at(2 * HOUR + 30 * MINUTE));
    // 15:30 is within the grace period at 15:31; reported once it is past it.
    const again = { ...row, missedReportedUntil: sweep?.reportedUntil };
    expect(doomedOccurrences(again, at(3 * HOUR + 31 * MINUTE), MINUTE)).toBeUndefined();
    expect(doomedOccurrences(again, at(3 * HOUR + 32 * MINUTE), MINUTE)?.passedOver.notes).toEqual([
      { dueAt: at(3 * HOUR + 30 * MINUTE), outcome: 'missed' },
    ]);
  });

  it('leaves the occurrences within the catch-up window, which may still run', () => {
    const row = waitingSince({ catchUpWindowMs: 2 * HOUR });
    const sweep = doomedOccurrences(row, at(3 * HOUR + 31 * MINUTE), MINUTE);
    expect(sweep?.passedOver.notes.map((n) => n.dueAt)).toEqual([at(HOUR + 30 * MINUTE)]);
  });

  it('never reports a one-time job, a paused row or a run in flight', () => {
    const once = applied(planner.applyJobEvent(undefined, 'created', 1, job({ scheduledAt: now }), now));
    expect(doomedOccurrences(once, at(5 * HOUR), MINUTE)).toBeUndefined();
    expect(doomedOccurrences(waitingSince({ state: 'paused' }), at(5 * HOUR), MINUTE)).toBeUndefined();
    expect(doomedOccurrences(waitingSince({ state: 'dispatched' }), at(5 * HOUR), MINUTE)).toBeUndefined();
  });
});
