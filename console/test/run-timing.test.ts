import type { Execution } from '../src/api/types';
import { runTimings, shortSpan } from '../src/format/run-timing';

const attempt = (id: string, startedAt: string, completedAt: string, dueAt?: string): Execution => ({
  id,
  jobId: 'j',
  status: 'success',
  startedAt,
  completedAt,
  dueAt,
  attemptNumber: 1,
  createdAt: completedAt,
});

describe('the timings of a job’s attempts', () => {
  it('gives durations oldest first, and every attempt’s lateness after its own due time', () => {
    const timings = runTimings([
      attempt('retry', '2026-12-04T10:00:05Z', '2026-12-04T10:00:06.500Z', '2026-12-04T10:00:04Z'),
      attempt('first', '2026-12-04T10:00:00.250Z', '2026-12-04T10:00:00.750Z', '2026-12-04T10:00:00Z'),
    ]);
    expect(timings).toEqual([
      expect.objectContaining({ id: 'first', durationMs: 500, latenessMs: 250 }),
      expect.objectContaining({ id: 'retry', durationMs: 1500, latenessMs: 1000 }),
    ]);
  });

  it('knows no lateness of an attempt recorded without its due time, and none below zero', () => {
    const [older, skewed] = runTimings([
      attempt('skewed', '2026-12-04T10:00:00Z', '2026-12-04T10:00:01Z', '2026-12-04T10:00:00.020Z'),
      attempt('older', '2026-12-04T09:00:00Z', '2026-12-04T09:00:01Z'),
    ]);
    expect([older.latenessMs, skewed.latenessMs]).toEqual([undefined, 0]);
  });

  it('labels spans shortly', () => {
    expect([shortSpan(420), shortSpan(3210), shortSpan(42_000), shortSpan(240_000)]).toEqual([
      '420 ms',
      '3.2 s',
      '42 s',
      '4 min',
    ]);
  });
});
