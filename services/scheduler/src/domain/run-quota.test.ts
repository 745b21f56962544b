import { ResourceExhaustedError } from '@chrono/kit';
import { RunQuota } from './run-quota';
import type { Schedule } from './schedule';

const t0 = Date.parse('2026-03-01T12:00:00Z');
const row = (jobId: string, userId: string, dueMs: number) =>
  ({ jobId, userId, nextRunAt: new Date(dueMs) }) as Schedule;

describe('RunQuota', () => {
  const quota = new RunQuota(60); // a run a second once the 60 of a full bucket are used

  it('lets an idle user start a full bucket at once, and moves the rest one interval apart', () => {
    const rows = Array.from({ length: 63 }, (_, i) => row(`j${i}`, 'u', t0));
    const { fullAt, deferred } = quota.admit(rows, new Map());
    expect(deferred.map((d) => [d.row.jobId, d.startAt.getTime() - t0])).toEqual([
      ['j60', 1000],
      ['j61', 2000],
      ['j62', 3000],
    ]);
    expect(fullAt.get('u')).toEqual(new Date(t0 + 63_000));
  });

  it('keeps each user to their own bucket', () => {
    const rows = [...Array.from({ length: 61 }, (_, i) => row(`a${i}`, 'a', t0)), row('b0', 'b', t0)];
    expect(quota.admit(rows, new Map()).deferred.map((d) => d.row.jobId)).toEqual(['a60']);
  });

  it('carries the bucket from one round to the next, and refills it with time', () => {
    const full = quota.admit(
      Array.from({ length: 60 }, (_, i) => row(`j${i}`, 'u', t0)),
      new Map(),
    ).fullAt;
    expect(quota.admit([row('next', 'u', t0 + 100)], full).deferred.map((d) => d.startAt.getTime() - t0)).toEqual([
      1000,
    ]);
    expect(quota.admit([row('later', 'u', t0 + 1000)], full).deferred).toEqual([]);
    expect(quota.admit([row('much-later', 'u', t0 + 60_000)], full).fullAt.get('u')).toEqual(new Date(t0 + 61_000));
  });

  it('admits a run now while the bucket has one, and refuses it with the wait otherwise', () => {
    expect(quota.admitNow(undefined, new Date(t0))).toEqual(new Date(t0 + 1000));
    const empty = new Date(t0 + 60_000);
    let refusal: unknown;
    try {
      quota.admitNow(empty, new Date(t0));
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(ResourceExhaustedError);
    expect(refusal).toMatchObject({
      message: 'too many runs: at most 60 runs a minute per user (MAX_RUNS_PER_USER_PER_MINUTE); try again in 1 s',
      retryAfterMs: 1000,
    });
    expect(quota.admitNow(empty, new Date(t0 + 1000))).toEqual(new Date(t0 + 61_000));
  });
});
