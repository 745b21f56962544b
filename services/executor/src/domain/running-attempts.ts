import type { Job } from './job-handler';

/** Names one attempt: the same job, run and attempt number. */
export type AttemptKey = Pick<Job, 'jobId' | 'runId' | 'attempt'>;

const keyOf = ({ jobId, runId, attempt }: AttemptKey) => `${jobId}:${runId}:${attempt}`;

/**
 * The attempts this executor is running, each with a signal that aborts when the scheduler cancels it
 * (overlap policy cancel_previous). A cancel for an attempt this executor does not hold is not its
 * business: another executor holds it, or it ended already.
 */
export class RunningAttempts {
  private readonly held = new Map<string, AbortController>();

  /** Holds `job` while it runs: its cancel signal, and `release` to call once it ended. */
  hold(job: AttemptKey): { signal: AbortSignal; release: () => void } {
    const key = keyOf(job);
    const controller = new AbortController();
    this.held.set(key, controller);
    return {
      signal: controller.signal,
      release: () => {
        if (this.held.get(key) === controller) this.held.delete(key);
      },
    };
  }

  /** Aborts the attempt if this executor runs it; true when it did. */
  cancel(attempt: AttemptKey): boolean {
    const controller = this.held.get(keyOf(attempt));
    if (!controller) return false;
    controller.abort();
    return true;
  }

  get size(): number {
    return this.held.size;
  }
}
