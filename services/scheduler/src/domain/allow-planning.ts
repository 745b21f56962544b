import { nextRunAfter, retryDelayMs } from '@chrono/recurrence';
import type { AttemptOutcome, Schedule } from './schedule';
import type { SchedulePlanner } from './schedule-planner';
import { recurrenceOf } from './schedule-recurrence';

/**
 * A run of an `allow` job that left its schedule row: the row moved on to the next occurrence when
 * the run was dispatched, and the run lives on here (scheduler.runs_in_flight) until its outcome, its
 * retries and its lost-run deadline are settled. Rows of the other policies never have one.
 */
export interface RunInFlight {
  jobId: string;
  runId: string;
  userId: string;
  /** The attempt in flight, or the next one while `retryAt` is set. */
  attempt: number;
  retryCount: number;
  dueAt: Date;
  dispatchedAt?: Date;
  /** When the attempt in flight counts as lost without an outcome; unset while waiting to retry. */
  deadlineAt?: Date;
  /** When the next attempt is due (a failure with retries left); unset while an attempt is in flight. */
  retryAt?: Date;
}

/** Whether a dispatched row lets its run go alongside the next one: a recurring job under `allow`. */
export function runsAlongside(schedule: Pick<Schedule, 'overlapPolicy' | 'type'>): boolean {
  return schedule.overlapPolicy === 'allow' && schedule.type === 'recurring';
}

/**
 * An `allow` row whose attempt was just handed to the executors (`inFlight`, from
 * SchedulePlanner.dispatched): the run goes to runs_in_flight, and the row moves at once to the
 * first occurrence after the one dispatched, as a new run, announced.
 */
export function letRunGo(
  inFlight: Schedule,
  planner: Pick<SchedulePlanner, 'newRun' | 'announce'>,
): { row: Schedule; run: RunInFlight } {
  const dueAt = inFlight.dueAt ?? inFlight.dispatchedAt ?? new Date();
  const run: RunInFlight = {
    jobId: inFlight.jobId,
    runId: inFlight.runId,
    userId: inFlight.userId,
    attempt: inFlight.attempt,
    retryCount: inFlight.retryCount,
    dueAt,
    dispatchedAt: inFlight.dispatchedAt,
    deadlineAt: inFlight.deadlineAt,
  };
  const next = planner.newRun({ ...inFlight, catchUpRuns: 0 }, nextRunAfter(recurrenceOf(inFlight), dueAt));
  return { row: planner.announce(next), run };
}

/** What follows an attempt of a run in flight: `retry` it (at `run.retryAt`), or `done` (drop the run). */
export type RunInFlightDecision = { kind: 'retry'; run: RunInFlight } | { kind: 'done' } | { kind: 'ignore' };

/**
 * The outcome of an attempt of a run in flight (or its loss: a failure at its deadline): a failure
 * with retries left (the job's `maxRetries`) is retried with the same backoff as any run; anything
 * else ends the run. An outcome for another attempt, or one while waiting to retry, is ignored.
 */
export function afterRunOutcome(
  run: RunInFlight,
  outcome: Pick<AttemptOutcome, 'attempt' | 'succeeded'>,
  maxRetries: number,
  now: Date,
  { retry, sources }: Pick<SchedulePlanner, 'retry' | 'sources'>,
): RunInFlightDecision {
  if (outcome.attempt !== run.attempt || run.retryAt) return { kind: 'ignore' };
  if (outcome.succeeded || run.retryCount >= maxRetries) return { kind: 'done' };
  const delay = retryDelayMs(run.attempt, {
    baseMs: retry.baseDelayMs,
    maxMs: retry.maxDelayMs,
    random: sources.random,
  });
  return {
    kind: 'retry',
    run: {
      ...run,
      attempt: run.attempt + 1,
      retryCount: run.retryCount + 1,
      dispatchedAt: undefined,
      deadlineAt: undefined,
      retryAt: new Date(now.getTime() + delay),
    },
  };
}

/** A retry of a run in flight handed to the executors at `now`: in flight until timeout plus grace. */
export function retryDispatched(run: RunInFlight, timeoutMs: number, graceMs: number, now: Date): RunInFlight {
  return { ...run, retryAt: undefined, dispatchedAt: now, deadlineAt: new Date(now.getTime() + timeoutMs + graceMs) };
}
