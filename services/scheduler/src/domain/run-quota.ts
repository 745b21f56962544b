import { ResourceExhaustedError } from '@chrono/kit';
import type { Schedule } from './schedule';

const MINUTE_MS = 60_000;

/** A run moved later by the quota, and when it may start. */
export interface DeferredRun {
  row: Schedule;
  startAt: Date;
}

/**
 * MAX_RUNS_PER_USER_PER_MINUTE as a bucket of that many runs per user, refilled at that many a
 * minute: an idle user may start that many at once, then one every minute/quota. A user's bucket is
 * one instant, `fullAt`, when it is full again (the generic cell rate algorithm); a run that does not
 * fit now is given the first instant it fits, and that slot is taken at once, so runs deferred
 * together go out one after another instead of all at the same later time.
 */
export class RunQuota {
  private readonly intervalMs: number;

  constructor(readonly perMinute: number) {
    this.intervalMs = MINUTE_MS / perMinute;
  }

  /**
   * Admits claimed rows (any users) at their due times, given each user's `fullAt` (none for a user
   * without runs yet). Resolves to the users' new `fullAt` and the rows that must wait, with when.
   */
  admit(
    rows: Schedule[],
    fullAt: Map<string, Date | undefined>,
  ): { fullAt: Map<string, Date>; deferred: DeferredRun[] } {
    const next = new Map<string, number>();
    const deferred: DeferredRun[] = [];
    for (const row of [...rows].sort((a, b) => dueMs(a) - dueMs(b))) {
      const due = dueMs(row);
      const base = Math.max(next.get(row.userId) ?? fullAt.get(row.userId)?.getTime() ?? -Infinity, due);
      const start = Math.max(due, base + this.intervalMs - MINUTE_MS);
      next.set(row.userId, base + this.intervalMs);
      if (start > due) deferred.push({ row, startAt: new Date(Math.ceil(start)) });
    }
    return { fullAt: new Map([...next].map(([userId, at]) => [userId, new Date(Math.ceil(at))])), deferred };
  }

  /**
   * A run of one user now (TriggerNow): the user's new `fullAt`, or RESOURCE_EXHAUSTED naming the
   * quota, with the wait until a run fits.
   */
  admitNow(fullAt: Date | undefined, now: Date): Date {
    const base = Math.max(fullAt?.getTime() ?? -Infinity, now.getTime());
    const waitMs = Math.ceil(base + this.intervalMs - MINUTE_MS - now.getTime());
    if (waitMs > 0) {
      throw new ResourceExhaustedError(
        `too many runs: at most ${this.perMinute} runs a minute per user (MAX_RUNS_PER_USER_PER_MINUTE); try again in ${Math.ceil(waitMs / 1000)} s`,
        waitMs,
      );
    }
    return new Date(Math.ceil(base + this.intervalMs));
  }
}

function dueMs(row: Schedule): number {
  return row.nextRunAt?.getTime() ?? 0;
}
