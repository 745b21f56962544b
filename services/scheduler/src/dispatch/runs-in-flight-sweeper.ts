import type { JetStreamClient, Logger } from '@chrono/kit';
import { afterRunOutcome, retryDispatched, type RunInFlight } from '../domain/allow-planning';
import type { Schedule } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { dispatchRequestOf, lostAttemptMessage, publishDispatch } from '../events/messages';
import type { RunChange, RunsInFlightStore } from '../store/runs-in-flight-store';
import { recordLostRun } from './dispatch-metrics';

/**
 * Looks after the runs of `allow` jobs that left their row (runs_in_flight): an attempt without an
 * outcome by its deadline is recorded failed, as the lost-run sweep does for a row, and retried or
 * dropped; a retry whose backoff is over is dispatched (published first, then recorded: a repeat
 * publish has the same Nats-Msg-Id, which JetStream drops). A run of a job cancelled or deleted
 * meanwhile is dropped instead of retried; one of a paused job waits for the resume.
 */
export class RunsInFlightSweeper {
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    private readonly runs: RunsInFlightStore,
    private readonly planner: SchedulePlanner,
    private readonly js: JetStreamClient,
    private readonly log: Logger,
    private readonly options: { intervalMs: number; lostRunGraceMs: number },
  ) {}

  start(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.log.warn({ err: error }, 'runs-in-flight sweep failed'))
        .finally(() => (this.sweeping = undefined));
    }, this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.sweeping;
  }

  async sweep(): Promise<void> {
    for (const { jobId, runId } of await this.runs.due(100))
      await this.runs.change(jobId, runId, (run, schedule) => this.decide(run, schedule, new Date()));
  }

  private async decide(run: RunInFlight, schedule: Schedule | undefined, now: Date): Promise<RunChange | undefined> {
    if (!schedule || schedule.state === 'deleted' || schedule.status === 'cancelled') return { messages: [] };
    if (run.deadlineAt && run.deadlineAt < now) {
      const attempt = { ...schedule, runId: run.runId, attempt: run.attempt, dueAt: run.dueAt };
      const lost = lostAttemptMessage({ ...attempt, dispatchedAt: run.dispatchedAt }, now);
      this.log.warn(
        { jobId: run.jobId, runId: run.runId, attempt: run.attempt },
        'attempt lost: no outcome before its deadline',
      );
      recordLostRun();
      const lostOutcome = { attempt: run.attempt, succeeded: false };
      const decision = afterRunOutcome(run, lostOutcome, schedule.maxRetries, now, this.planner);
      return { run: decision.kind === 'retry' ? decision.run : undefined, messages: [lost] };
    }
    if (!run.retryAt || run.retryAt > now || schedule.state === 'paused') return undefined;
    const attempt = { ...schedule, runId: run.runId, attempt: run.attempt, dueAt: run.retryAt };
    await publishDispatch(this.js, dispatchRequestOf(attempt, now));
    return { run: retryDispatched(run, schedule.timeoutMs, this.options.lostRunGraceMs, now), messages: [] };
  }
}
