import { recurringStats, type RecurringRun } from './recurring-stats';

const FROM = 1_700_000_000_000;
const TO = FROM + 5000;

// A run of `job` due at second `second` of the window, started `lateMs` after it.
const run = (job: string, second: number, lateMs = 2): RecurringRun => ({
  job,
  dueMs: FROM + second * 1000,
  startedMs: FROM + second * 1000 + lateMs,
});

describe('recurringStats', () => {
  it('counts every second of every job as expected, and nothing skipped when each ran on time', () => {
    const runs = ['a', 'b'].flatMap((job) => [0, 1, 2, 3, 4].map((s) => run(job, s)));
    const stats = recurringStats(runs, 2, FROM, TO);
    expect(stats).toMatchObject({ runs: 10, expected: 10, skipped: 0, duplicates: 0, slowStarts: 0, dueFromStart: 0 });
    expect(stats.lateness).toMatchObject({ p50: 2, p99: 2, max: 2 });
  });

  it('counts the missing seconds between consecutive runs and at either end of the window', () => {
    const runs = [run('a', 1), run('a', 4)];
    expect(recurringStats(runs, 1, FROM, TO)).toMatchObject({ runs: 2, expected: 5, skipped: 3 });
  });

  it('counts a job that never ran as skipping every second', () => {
    const runs = [0, 1, 2, 3, 4].map((s) => run('a', s));
    expect(recurringStats(runs, 2, FROM, TO)).toMatchObject({ runs: 5, expected: 10, skipped: 5 });
  });

  it('leaves out runs due before or after the window (warm-up, wind-down)', () => {
    const runs = [-1, 0, 1, 2, 3, 4, 5].map((s) => run('a', s));
    expect(recurringStats(runs, 1, FROM, TO)).toMatchObject({ runs: 5, skipped: 0 });
  });

  it('counts starts more than 1.5 s after the previous run of the same job, even when none was skipped', () => {
    const runs = [run('a', 0), run('a', 1, 1600), run('a', 2, 50), run('a', 3), run('a', 4)];
    const stats = recurringStats(runs, 1, FROM, TO);
    expect(stats).toMatchObject({ skipped: 0, slowStarts: 1 });
    expect(stats.lateness.max).toBe(1600);
  });

  it('places a run without a due time at its start rounded down to the second, and counts a second run there as a duplicate', () => {
    const runs: RecurringRun[] = [
      { job: 'a', startedMs: FROM + 30 },
      { job: 'a', startedMs: FROM + 1040 },
      { job: 'a', startedMs: FROM + 1990 },
    ];
    const stats = recurringStats(runs, 1, FROM, FROM + 3000);
    expect(stats).toMatchObject({ runs: 3, expected: 3, skipped: 1, duplicates: 1, dueFromStart: 3 });
    expect(stats.lateness.max).toBe(990);
  });
});
