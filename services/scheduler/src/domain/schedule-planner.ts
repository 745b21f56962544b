import { retryDelayMs } from '@chrono/recurrence';
import {
  definitionOf,
  stateChanged,
  unplannedRow,
  type AttemptOutcome,
  type JobDefinition,
  type JobEventKind,
  type JobSnapshot,
  type Schedule,
} from './schedule';
import { pausedRow, resumedRow, settledWhilePaused } from './pause-planning';
import { passedOverByRun } from './passed-over';
import { supersededRunAt, overlapDeadline } from './overlap-planning';
import { firstRunOf, nextAfterRun, recurrenceOf, runStartOf } from './schedule-recurrence';
import { assertTriggerable } from './trigger-rules';

export interface RetryPolicy {
  /** RETRY_DELAY_MS (5000): the delay before the first retry, doubled for each later one. */
  baseDelayMs: number;
  /** RETRY_MAX_DELAY (1h): the longest delay between retries. */
  maxDelayMs: number;
}

/** What applying a job event decided. */
export type EventDecision =
  /** The row to store, and the state to announce to job-catalog, if any. */
  | { kind: 'apply'; schedule: Schedule; announced?: Schedule }
  /** Already applied (a redelivery or an older event). */
  | { kind: 'skip' }
  /** An earlier event of this job has not been applied yet: try again later, so events apply in order. */
  | { kind: 'wait' };

/** What the planner draws on besides its arguments: new run ids and randomness (for retry jitter). */
export interface PlannerSources {
  newId: () => string;
  random: () => number;
}

/**
 * The scheduler's decisions, as pure functions of a schedule row, an event and the time (ids and
 * randomness come from `sources`): when a job runs next, what a retry or the next occurrence looks
 * like, what a change of the job does to a run, and which changes job-catalog hears about. A change
 * that is announced carries the row's next `sequence`, so job-catalog can put states in order.
 */
export class SchedulePlanner {
  constructor(
    readonly retry: RetryPolicy,
    readonly sources: PlannerSources,
  ) {}

  /** The row as announced to job-catalog: with the next sequence. */
  announce(schedule: Schedule): Schedule {
    return { ...schedule, sequence: schedule.sequence + 1 };
  }

  /**
   * Applies lifecycle event `version` of a job to its row (undefined when the scheduler has none yet),
   * and decides whether job-catalog hears of it: when the job's status, next run or retries changed,
   * except for a deletion, a cancellation or a pause, which job-catalog made itself. `ignoreGap` applies the
   * event even when an earlier one is missing (one that waited too long: it may have aged out of the
   * stream, and the event carries the whole job anyway).
   */
  applyJobEvent(
    current: Schedule | undefined,
    kind: JobEventKind,
    version: number,
    job: JobSnapshot,
    now: Date,
    ignoreGap = false,
  ): EventDecision {
    const decision = this.changeForJobEvent(current, kind, version, job, now, ignoreGap);
    if (decision.kind !== 'apply') return decision;
    const next = decision.schedule;
    // job-catalog's stand-in for an event it could never publish (a cancellation of a failed job): the job
    // stops like a cancelled one, and its final state `failed` goes out with the next sequence, so that no
    // older state still on its way leaves job-catalog showing it pending or running.
    const stoppedAsFailed = kind === 'cancelled' && job.status === 'failed';
    // A resume that passed occurrences over is announced, so that the ledger records them missed.
    const shown = next.state !== 'deleted' && next.status !== 'cancelled' && next.state !== 'paused';
    const changed = shown && (stateChanged(job, next) || next.passedOver !== undefined);
    if (!stoppedAsFailed && !changed) return decision;
    const schedule = this.announce(next);
    return { kind: 'apply', schedule, announced: stoppedAsFailed ? { ...schedule, status: 'failed' } : schedule };
  }

  private changeForJobEvent(
    current: Schedule | undefined,
    kind: JobEventKind,
    version: number,
    job: JobSnapshot,
    now: Date,
    ignoreGap = false,
  ): EventDecision {
    const applied = current?.jobVersion ?? 0;
    if (version <= applied) return { kind: 'skip' };
    // Versions are contiguous per job; a gap means an earlier event is still on its way.
    if (version !== applied + 1 && kind !== 'deleted' && !ignoreGap) return { kind: 'wait' };

    const definition = definitionOf(job, version);
    if (kind === 'deleted')
      return {
        kind: 'apply',
        schedule: {
          ...(current ?? this.fresh(definition, now)),
          ...definition,
          state: 'deleted',
          nextRunAt: undefined,
        },
      };
    if (kind === 'cancelled' || job.status === 'cancelled') {
      return {
        kind: 'apply',
        schedule: {
          ...(current ?? this.fresh(definition, now)),
          ...definition,
          state: 'idle',
          status: 'cancelled',
          nextRunAt: undefined,
        },
      };
    }
    const schedule = this.changed(current, kind, definition, now);
    // A paused job (paused now, or changed while paused) keeps its row paused; see pause-planning.
    if (job.status === 'paused') return { kind: 'apply', schedule: pausedRow(schedule) };
    const next = kind === 'resumed' ? resumedRow(schedule, now, (row, at) => this.newRun(row, at)) : schedule;
    return { kind: 'apply', schedule: next };
  }

  // The row after a creation, a reschedule or another change of the job's fields.
  private changed(current: Schedule | undefined, kind: JobEventKind, definition: JobDefinition, now: Date): Schedule {
    if (!current || kind === 'created') return this.fresh(definition, now);
    if (kind === 'rescheduled')
      return this.newRun({ ...current, ...definition }, firstRunOf({ ...current, ...definition }, now));
    // An update: a changed schedule moves a waiting (or paused) run; a run in flight finishes first; an idle job stays idle.
    const updated = { ...current, ...definition };
    const scheduleChanged =
      ['type', 'recurrencePattern', 'cronExpression', 'timezone'].some(
        (f) => current[f as keyof Schedule] !== updated[f as keyof Schedule],
      ) || current.scheduledAt.getTime() !== updated.scheduledAt.getTime();
    if (scheduleChanged && (current.state === 'scheduled' || current.state === 'paused'))
      return this.newRun(updated, firstRunOf(updated, now));
    return updated;
  }

  /** The row once an attempt has been handed to the executors; `graceMs` is how long past its timeout an outcome may take. */
  dispatched(schedule: Schedule, now: Date, graceMs: number): Schedule {
    const deadlineAt = new Date(now.getTime() + schedule.timeoutMs + graceMs);
    return {
      ...schedule,
      state: 'dispatched',
      status: 'running',
      dueAt: schedule.nextRunAt,
      dispatchedAt: now,
      // Under cancel_previous, the sweep looks again when the next occurrence comes due (see supersede).
      deadlineAt: overlapDeadline(schedule, () => recurrenceOf(schedule), now, deadlineAt),
      nextRunAt: undefined,
    };
  }

  /**
   * The row after an attempt's outcome: a failure with retries left is retried with exponential
   * backoff; otherwise a one-time job is finished and a recurring job moves to its first occurrence
   * after the attempt ended, or to a missed occurrence it catches up on (see
   * catchUpAfterRun). The change is announced, unless the job stays paused. Undefined when the outcome
   * is not for the attempt in flight.
   */
  afterOutcome(schedule: Schedule, outcome: AttemptOutcome, now: Date): Schedule | undefined {
    const settled = this.settled(schedule, outcome, now);
    if (!settled || schedule.state !== 'paused') return settled && this.announce(settled);
    const next = settledWhilePaused(settled);
    return next.state === 'paused' ? next : this.announce(next);
  }

  /** The lost-run rule: a dispatched attempt with no outcome by its deadline counts as failed. */
  lostRun(schedule: Schedule | undefined, now: Date): Schedule | undefined {
    if (!schedule || schedule.state !== 'dispatched' || !schedule.deadlineAt || schedule.deadlineAt > now)
      return undefined;
    const { jobId, runId, attempt } = schedule;
    return this.afterOutcome(schedule, { jobId, runId, attempt, succeeded: false }, now);
  }

  /**
   * cancel_previous: once the job's next occurrence has come due with an attempt still in flight, the
   * row moves on to a new run for it (due at once, announced), and the attempt in flight is to be
   * cancelled; its outcome, if it comes, no longer matches the row and changes nothing. Undefined when
   * the policy is another or no occurrence has come due.
   */
  supersede(schedule: Schedule | undefined, now: Date): Schedule | undefined {
    const at = schedule && supersededRunAt(schedule, recurrenceOf(schedule), now);
    return at && this.announce({ ...this.newRun(schedule, at), catchUpRuns: 0 });
  }

  /** A run the per-minute quota moved to `startAt` (already charged there), announced. */
  deferred(schedule: Schedule, startAt: Date): Schedule {
    return this.announce({ ...schedule, nextRunAt: startAt, admittedFor: startAt });
  }

  /** TriggerNow: a run of `userId`'s job now, outside its schedule, announced and already admitted by the quota. */
  triggerNow(schedule: Schedule | undefined, userId: string, now: Date): Schedule {
    assertTriggerable(schedule, userId);
    return { ...this.announce(this.newRun(schedule, now)), admittedFor: now };
  }

  private settled(schedule: Schedule, outcome: AttemptOutcome, now: Date): Schedule | undefined {
    // A fast job's outcome can arrive before its dispatch is recorded: the row is still `scheduled`
    // for the same run and attempt, and the outcome counts all the same (the late record then matches nothing).
    // A paused row's attempt too: one handed to the executors before the pause may still finish.
    const inFlight = schedule.state === 'dispatched' || schedule.state === 'scheduled' || schedule.state === 'paused';
    if (!inFlight || schedule.runId !== outcome.runId || schedule.attempt !== outcome.attempt) return undefined;
    const done = { ...schedule, dueAt: undefined, dispatchedAt: undefined, deadlineAt: undefined };
    if (!outcome.succeeded && schedule.retryCount < schedule.maxRetries) {
      const delay = retryDelayMs(schedule.attempt, {
        baseMs: this.retry.baseDelayMs,
        maxMs: this.retry.maxDelayMs,
        random: this.sources.random,
      });
      return {
        ...done,
        state: 'scheduled',
        status: 'pending',
        attempt: schedule.attempt + 1,
        retryCount: schedule.retryCount + 1,
        nextRunAt: new Date(now.getTime() + delay),
      };
    }
    if (schedule.type === 'one_time')
      return { ...done, state: 'idle', status: outcome.succeeded ? 'completed' : 'failed', nextRunAt: undefined };
    const { at, catchUpRuns } = nextAfterRun(schedule, outcome, now);
    const passedOver = passedOverByRun(schedule, runStartOf(schedule, outcome, now), at);
    return { ...this.newRun(done, at), catchUpRuns, passedOver };
  }

  private fresh(definition: JobDefinition, now: Date): Schedule {
    const base = unplannedRow(definition);
    return this.newRun(base, firstRunOf(base, now));
  }

  /** The row as a new run (a new id, attempt 1) due at `at`. */
  newRun(schedule: Schedule, at: Date): Schedule {
    return {
      ...schedule,
      state: 'scheduled',
      status: 'pending',
      runId: this.sources.newId(),
      attempt: 1,
      retryCount: 0,
      nextRunAt: at,
      occurrenceAt: at,
      missedReportedUntil: undefined,
      passedOver: undefined,
      dueAt: undefined,
      dispatchedAt: undefined,
      deadlineAt: undefined,
    };
  }
}
