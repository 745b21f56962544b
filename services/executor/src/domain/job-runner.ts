import type { HandlerRegistry } from './handler-registry';
import { JobError } from './job-error';
import type { Job } from './job-handler';
import type { RunningAttempts } from './running-attempts';

/**
 * How one attempt ended. `interrupted`: the executor is stopping and hands the job back unfinished;
 * `cancelled`: the scheduler cancelled it (its job's next occurrence came due, overlap policy cancel_previous).
 */
export type JobOutcome =
  | { status: 'succeeded'; handler: string; result: unknown }
  | { status: 'cancelled'; handler: string }
  | { status: 'failed'; handler?: string; error: string; unexpected?: unknown; timedOut?: boolean }
  | { status: 'interrupted' };

export interface JobRunnerOptions {
  /** The timeout of a job that names none, in ms. */
  defaultTimeoutMs: number;
}

const INTERRUPTED = Symbol('interrupted');
const CANCELLED = Symbol('cancelled');

/**
 * Runs one attempt of a job with the handler its target names, within its timeout. When the timeout
 * passes, `interrupt` aborts or the scheduler cancels it, the handler's signal aborts and the attempt
 * ends at once, whether or not the handler notices.
 */
export class JobRunner {
  constructor(
    private readonly registry: HandlerRegistry,
    private readonly options: JobRunnerOptions,
  ) {}

  /**
   * Runs the attempt. `interrupt` hands it back (the executor is stopping); with `attempts`, it is held
   * there while it runs, for the scheduler to cancel.
   */
  async run(job: Job, interrupt: AbortSignal, attempts?: RunningAttempts): Promise<JobOutcome> {
    if (interrupt.aborted) return { status: 'interrupted' };
    if (job.attempt < 1) return { status: 'failed', error: `attempt must be 1 or more, got ${job.attempt}` };
    let handler;
    try {
      handler = this.registry.handlerFor(job);
    } catch (error) {
      return failed(error);
    }

    const timeoutMs = job.timeoutMs > 0 ? job.timeoutMs : this.options.defaultTimeoutMs;
    // One controller per attempt, whose signal the handler gets: the first of the deadline, the
    // interrupt and a cancel aborts it with its reason and ends the race below at once.
    const controller = new AbortController();
    let stop!: (reason: unknown) => void;
    const stopped = new Promise<never>((_, reject) => {
      stop = (reason) => {
        if (controller.signal.aborted) return;
        controller.abort(reason);
        reject(reason);
      };
    });
    const timer = setTimeout(() => stop(new JobError(`timed out after ${timeoutMs} ms`)), timeoutMs);
    const onInterrupt = () => stop(INTERRUPTED);
    interrupt.addEventListener('abort', onInterrupt, { once: true });
    const release = attempts?.hold(job, () => stop(CANCELLED));
    try {
      const running = Promise.resolve().then(() => handler.run(job, controller.signal));
      const result = await Promise.race([running, stopped]);
      return { status: 'succeeded', handler: handler.name, result };
    } catch (error) {
      if (controller.signal.reason === INTERRUPTED) return { status: 'interrupted' };
      if (controller.signal.reason === CANCELLED) return { status: 'cancelled', handler: handler.name };
      // Once the deadline passed, its message is the outcome, whatever the cancelled handler threw.
      if (controller.signal.aborted)
        return { ...failed(controller.signal.reason), handler: handler.name, timedOut: true };
      return { ...failed(error), handler: handler.name };
    } finally {
      clearTimeout(timer);
      interrupt.removeEventListener('abort', onInterrupt);
      release?.();
    }
  }
}

function failed(error: unknown): JobOutcome & { status: 'failed' } {
  if (error instanceof JobError) return { status: 'failed', error: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { status: 'failed', error: `unexpected error: ${message}`, unexpected: error };
}
