import type { Execution, Job } from '../src/api/types';
import { runTimings, shortSpan } from '../src/format/run-timing';

const job = (type: Job['type'], scheduledAt: string, createdAt = '2026-12-04T00:00:00Z') =>
  ({ id: 'j', type, scheduledAt, createdAt }) as Job;
const attempt = (id: string, attemptNumber: number, startedAt: string, completedAt: string): Execution => ({
  id,
  jobId: 'j',
  status: 'success',
  startedAt,
  completedAt,
  attemptNumber,
  createdAt: completedAt,
});

describe('the timings of a job’s attempts', () => {
  it('gives durations oldest first, and a one-time job’s first attempt its lateness after scheduledAt', () => {
    const timings = runTimings(job('one_time', '2026-12-04T10:00:00Z'), [
      attempt('b', 2, '2026-12-04T10:00:05Z', '2026-12-04T10:00:06.500Z'),
      attempt('a', 1, '2026-12-04T10:00:00.250Z', '2026-12-04T10:00:00.750Z'),
    ]);
    expect(timings).toEqual([
      expect.objectContaining({ id: 'a', durationMs: 500, latenessMs: 250 }),
      expect.objectContaining({ id: 'b', durationMs: 1500, latenessMs: undefined }),
    ]);
  });

  it('takes a job created with a past time as due when it was created, and knows no lateness of recurring runs', () => {
    const past = job('one_time', '2026-12-01T00:00:00Z', '2026-12-04T10:00:00Z');
    const run = attempt('a', 1, '2026-12-04T10:00:01Z', '2026-12-04T10:00:02Z');
    expect(runTimings(past, [run])[0].latenessMs).toBe(1000);
    expect(runTimings(job('recurring', '2026-12-04T10:00:00Z'), [run])[0].latenessMs).toBeUndefined();
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
