import { randomUUID } from 'node:crypto';
import { nextRunAfter, retryDelayMs } from '@chrono/recurrence';
import type { AttemptOutcome, JobEventKind, JobSnapshot, Schedule } from './schedule';

export interface RetryPolicy {
  /** RETRY_DELAY_MS (5000): the delay before the first retry, doubled for each later one. */
  baseDelayMs: number;
  /** RETRY_MAX_DELAY (1h): the longest delay between retries. */
  maxDelayMs: number;
}

/** What applying a job event decided. */
export type EventDecision =
  | { kind: 'apply'; schedule: Schedule }
  /** Already applied (a redelivery or an older event). */
  | { kind: 'skip' }
  /** An earlier event of this job has not been applied yet: try again later, so events apply in order. */
  | { kind: 'wait' };

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The scheduler's decisions, as pure functions of a schedule row, an event and the time: when a job
 * runs next, what a retry or the next occurrence looks like, what a change of the job does to a run.
 */
export class SchedulePlanner {
  constructor(
    private readonly retry: RetryPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /**
   * Applies lifecycle event `version` of a job to its row (undefined when the scheduler has none yet).
   * `ignoreGap` applies it even when an earlier event is missing (one that waited too long: it may have
   * aged out of the stream, and the event carries the whole job anyway).
   */
  applyJobEvent(
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

    const definition = this.definitionOf(job, version);
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
    if (!current || kind === 'created') return { kind: 'apply', schedule: this.fresh(definition, now) };
    if (kind === 'rescheduled')
      return {
        kind: 'apply',
        schedule: this.newRun({ ...current, ...definition }, this.firstRunOf({ ...current, ...definition }, now)),
      };

    // An update: a changed schedule moves a waiting run; a run in flight finishes first; an idle job stays idle.
    const updated = { ...current, ...definition };
    const scheduleChanged =
      ['type', 'recurrencePattern', 'cronExpression', 'timezone'].some(
        (f) => current[f as keyof Schedule] !== updated[f as keyof Schedule],
      ) || current.scheduledAt.getTime() !== updated.scheduledAt.getTime();
    if (scheduleChanged && current.state === 'scheduled')
      return { kind: 'apply', schedule: this.newRun(updated, this.firstRunOf(updated, now)) };
    return { kind: 'apply', schedule: updated };
  }

  /** The row once an attempt has been handed to the executors; `graceMs` is how long past its timeout an outcome may take. */
  dispatched(schedule: Schedule, now: Date, graceMs: number): Schedule {
    return {
      ...schedule,
      state: 'dispatched',
      status: 'running',
      dueAt: schedule.nextRunAt,
      dispatchedAt: now,
      deadlineAt: new Date(now.getTime() + schedule.timeoutMs + graceMs),
      nextRunAt: undefined,
    };
  }

  /**
   * The row after an attempt's outcome: a failure with retries left is retried with exponential
   * backoff; otherwise a one-time job is finished and a recurring job moves to its next occurrence
   * after now (missed occurrences are not replayed). Undefined when the outcome is not for the attempt in flight.
   */
  afterOutcome(schedule: Schedule, outcome: AttemptOutcome, now: Date): Schedule | undefined {
    // A fast job's outcome can arrive before its dispatch is recorded: the row is still `scheduled`
    // for the same run and attempt, and the outcome counts all the same (the late record then matches nothing).
    const inFlight = schedule.state === 'dispatched' || schedule.state === 'scheduled';
    if (!inFlight || schedule.runId !== outcome.runId || schedule.attempt !== outcome.attempt) return undefined;
    const done = { ...schedule, dueAt: undefined, dispatchedAt: undefined, deadlineAt: undefined };
    if (!outcome.succeeded && schedule.retryCount < schedule.maxRetries) {
      const delay = retryDelayMs(schedule.attempt, {
        baseMs: this.retry.baseDelayMs,
        maxMs: this.retry.maxDelayMs,
        random: this.random,
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
    return this.newRun(done, this.nextOccurrence(done, now));
  }

  /** A run of the job now, outside its schedule (TriggerNow). */
  triggered(schedule: Schedule, now: Date): Schedule {
    return this.newRun(schedule, now);
  }

  private fresh(
    definition: Omit<Schedule, 'state' | 'status' | 'runId' | 'attempt' | 'retryCount' | 'sequence'>,
    now: Date,
  ): Schedule {
    const base: Schedule = {
      ...definition,
      state: 'scheduled',
      status: 'pending',
      runId: '',
      attempt: 1,
      retryCount: 0,
      sequence: 0,
    };
    return this.newRun(base, this.firstRunOf(base, now));
  }

  private newRun(schedule: Schedule, at: Date): Schedule {
    return {
      ...schedule,
      state: 'scheduled',
      status: 'pending',
      runId: randomUUID(),
      attempt: 1,
      retryCount: 0,
      nextRunAt: at,
      dueAt: undefined,
      dispatchedAt: undefined,
      deadlineAt: undefined,
    };
  }

  // A one-time job runs at its time, at once if that has passed (the misfire rule); a recurring job at
  // its first occurrence, or its next one from now when its anchor lies in the past.
  private firstRunOf(schedule: Schedule, now: Date): Date {
    if (schedule.type === 'one_time') return schedule.scheduledAt;
    return schedule.scheduledAt >= now
      ? this.nextOccurrence(schedule, new Date(schedule.scheduledAt.getTime() - 1))
      : this.nextOccurrence(schedule, new Date(now.getTime() - 1));
  }

  private nextOccurrence(schedule: Schedule, after: Date): Date {
    return nextRunAfter(
      {
        anchor: schedule.scheduledAt,
        pattern: schedule.recurrencePattern,
        cron: schedule.cronExpression,
        timezone: schedule.timezone,
      },
      after,
    );
  }

  private definitionOf(job: JobSnapshot, version: number) {
    return {
      jobId: job.id,
      userId: job.userId,
      jobVersion: version,
      type: job.type === 'recurring' ? ('recurring' as const) : ('one_time' as const),
      scheduledAt: job.scheduledAt,
      recurrencePattern: job.recurrencePattern,
      cronExpression: job.cronExpression,
      timezone: job.timezone,
      payload: job.payload,
      target: job.target,
      timeoutMs: (job.timeoutSeconds || DEFAULT_TIMEOUT_MS / 1000) * 1000,
      maxRetries: job.maxRetries,
    };
  }
}
