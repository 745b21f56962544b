import type { Job } from './job-handler';

/** Names one attempt: the same job, run and attempt number. */
export type AttemptKey = Pick<Job, 'jobId' | 'runId' | 'attempt'>;

const keyOf = ({ jobId, runId, attempt }: AttemptKey) => `${jobId}:${runId}:${attempt}`;

/**
 * The attempts this executor is running, each with what cancels it when the scheduler asks (overlap
 * policy cancel_previous). A cancel for an attempt this executor does not hold is not its business:
 * another executor holds it, or it ended already. Each holds a plain callback, not an AbortController
 * of its own: the runner's signal is the one its handler sees, and a second controller per attempt
 * (with its listeners) was half of what the runner spent on a short job.
 */
export class RunningAttempts {
  private readonly held = new Map<string, () => void>();

  /** Holds `job` while it runs, with `cancel` to call should the scheduler cancel it; returns `release`, to call once it ended. */
  hold(job: AttemptKey, cancel: () => void): () => void {
    const key = keyOf(job);
    this.held.set(key, cancel);
    return () => {
      if (this.held.get(key) === cancel) this.held.delete(key);
    };
  }

  /** Cancels the attempt if this executor runs it; true when it did. */
  cancel(attempt: AttemptKey): boolean {
    const cancel = this.held.get(keyOf(attempt));
    if (!cancel) return false;
    cancel();
    return true;
  }

  get size(): number {
    return this.held.size;
  }
}
