/** What to do with a dispatch request: run it now, hand it back to the queue for a while, or fail the attempt. */
export type Admission = { kind: 'run' } | { kind: 'defer'; delayMs: number } | { kind: 'fail'; error: string };

export interface UserSlotsOptions {
  /** EXECUTOR_MAX_SLOTS_PER_USER (half of EXECUTOR_CONCURRENCY): the most slots one user's jobs hold in this process. */
  maxPerUser: number;
  /** EXECUTOR_MAX_QUEUE_WAIT (45s): how long after its dispatch a request held back may keep waiting for a slot, in ms. */
  maxQueueWaitMs: number;
}

// A request held back comes back after 1 s, 2 s, ... (one more second per delivery), at most 5 s: soon
// enough that its owner's next job starts within seconds of a slot coming free, seldom enough that a
// flood of held-back requests costs the executors a few pulls a second each, not a busy loop.
const DEFER_STEP_MS = 1000;
const MAX_DEFER_MS = 5000;

/**
 * The slots of one executor process, shared fairly: one user's jobs hold at most `maxPerUser` of them,
 * so that a user who floods the queue with slow jobs leaves the other slots to everyone else. A request
 * whose owner has no slot left goes back to the queue with a delay (where another executor, or this
 * one later, may take it); once it has waited `maxQueueWaitMs` since its dispatch it fails instead,
 * because the scheduler counts an attempt that has not reported within its timeout plus
 * LOST_RUN_GRACE as lost and runs it again: starting it later could run the job twice.
 */
export class UserSlots {
  private readonly held = new Map<string, number>();

  constructor(private readonly options: UserSlotsOptions) {}

  /**
   * Takes a slot for the request's owner if they have one left (`run`: give it back with `release`
   * when the job ends). `deliveries` counts this one (1 the first time); `queuedAt` is when the
   * request was dispatched.
   */
  admit(userId: string, queuedAt: Date, deliveries: number, now: Date): Admission {
    const holding = this.heldBy(userId);
    if (holding < this.options.maxPerUser) {
      this.held.set(userId, holding + 1);
      return { kind: 'run' };
    }
    const leftMs = this.options.maxQueueWaitMs - (now.getTime() - queuedAt.getTime());
    if (leftMs <= 0) {
      const waited = Math.round(this.options.maxQueueWaitMs / 1000);
      return {
        kind: 'fail',
        error: `not started within ${waited} s of its dispatch (EXECUTOR_MAX_QUEUE_WAIT): its owner's other jobs kept holding the most slots one user may take on an executor (EXECUTOR_MAX_SLOTS_PER_USER: ${this.options.maxPerUser})`,
      };
    }
    return { kind: 'defer', delayMs: Math.min(DEFER_STEP_MS * Math.max(deliveries, 1), MAX_DEFER_MS, leftMs) };
  }

  /** Gives back the slot a job of `userId` held. */
  release(userId: string): void {
    const holding = this.heldBy(userId);
    if (holding <= 1) this.held.delete(userId);
    else this.held.set(userId, holding - 1);
  }

  /** How many slots the user's jobs hold now. */
  heldBy(userId: string): number {
    return this.held.get(userId) ?? 0;
  }
}
