import type { Logger } from '@chrono/kit';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { lostAttemptMessage, stateMessage } from '../events/messages';
import { recordLostRun, recordRetries } from './dispatch-metrics';
import type { ScheduleStore } from '../store/schedule-store';

/**
 * Finds attempts in flight whose deadline (timeout plus grace) passed without an outcome, because
 * the executor was lost or the message dropped, and counts each as a failed attempt: it records the
 * failure for job-catalog and retries or finishes the run like any failure.
 */
export class LostRunSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly store: ScheduleStore,
    private readonly planner: SchedulePlanner,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.log.warn({ err: error }, 'lost-run sweep failed'))
        .finally(() => (this.sweeping = undefined));
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    for (const jobId of await this.store.overdue(100)) {
      let retried = false;
      const lost = await this.store.change(jobId, (current) => {
        const now = new Date();
        const next = this.planner.lostRun(current, now);
        if (!current || !next) return undefined;
        this.log.warn(
          { jobId, runId: current.runId, attempt: current.attempt },
          'attempt lost: no outcome before its deadline',
        );
        retried = next.runId === current.runId && next.attempt > current.attempt;
        return { next, messages: [lostAttemptMessage(current, now), stateMessage(next, now)] };
      });
      if (!lost) continue;
      recordLostRun();
      recordRetries(retried ? 1 : 0);
    }
  }
}
