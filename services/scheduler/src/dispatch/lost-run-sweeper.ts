import type { Logger } from '@chrono/kit';
import type { Schedule } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { cancelledAttemptMessage, lostAttemptMessage, stateMessage } from '../events/messages';
import { recordLostRun, recordRetries } from './dispatch-metrics';
import type { ScheduleStore } from '../store/schedule-store';

/**
 * Finds attempts in flight whose deadline (timeout plus grace) passed without an outcome, because
 * the executor was lost or the message dropped, and counts each as a failed attempt: it records the
 * failure for job-catalog and retries or finishes the run like any failure.
 *
 * Under the overlap policy cancel_previous, an attempt's deadline is also the job's next occurrence:
 * once it has come due, the sweep supersedes the attempt instead (see SchedulePlanner.supersede),
 * records it as cancelled, and once that is committed tells the executors to abort it (`cancel`).
 * That signal is best effort: if it is lost, the attempt still ends by its timeout, and its outcome
 * matches no run any more.
 */
export class LostRunSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly store: ScheduleStore,
    private readonly planner: SchedulePlanner,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly cancel: (attempt: Schedule) => void = () => {},
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
      let cancelled: Schedule | undefined;
      const changed = await this.store.change(jobId, (current) => {
        const now = new Date();
        const superseding = this.planner.supersede(current, now);
        if (current && superseding) {
          cancelled = current;
          return {
            next: superseding,
            messages: [cancelledAttemptMessage(current, now), stateMessage(superseding, now)],
          };
        }
        const next = this.planner.lostRun(current, now);
        if (!current || !next) return undefined;
        this.log.warn(
          { jobId, runId: current.runId, attempt: current.attempt },
          'attempt lost: no outcome before its deadline',
        );
        retried = next.runId === current.runId && next.attempt > current.attempt;
        return { next, messages: [lostAttemptMessage(current, now), stateMessage(next, now)] };
      });
      if (!changed) continue;
      if (cancelled) {
        const { runId, attempt } = cancelled;
        this.log.info({ jobId, runId, attempt }, 'attempt cancelled: the next occurrence came due');
        this.cancel(cancelled);
        continue;
      }
      recordLostRun();
      recordRetries(retried ? 1 : 0);
    }
  }
}
