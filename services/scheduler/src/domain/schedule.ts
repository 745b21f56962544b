/** Where a job's schedule row stands. */
export type ScheduleState =
  /** Waiting for `nextRunAt`. */
  | 'scheduled'
  /** An attempt is out with the executors; waiting for its outcome until `deadlineAt`. */
  | 'dispatched'
  /**
   * Paused: not dispatched, whatever its `nextRunAt` (the run it was waiting for, kept for the
   * resume); an attempt already in flight keeps its `dueAt` and is still settled by its outcome.
   */
  | 'paused'
  /** Will not run again (finished, failed for good, or cancelled) unless rescheduled or triggered. */
  | 'idle'
  /** The job was deleted; the row remains as a tombstone so that late events cannot revive it. */
  | 'deleted';

/** The job statuses the scheduler reports; `cancelled` and `paused` only mirror the catalog and are never announced. */
export type JobStatus = 'pending' | 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';

/**
 * What an occurrence that comes due while a run is in flight does (see overlap-planning): `skip` it,
 * `buffer_one` (run it right after; at most one waits), `cancel_previous` (cancel the attempt in flight),
 * or `allow` it alongside (see allow-planning).
 */
export type OverlapPolicy = 'skip' | 'buffer_one' | 'cancel_previous' | 'allow';

/** The scheduler's row for one job: its schedule, its current run, and what to dispatch. */
export interface Schedule {
  jobId: string;
  userId: string;
  /** The latest lifecycle event version applied. */
  jobVersion: number;
  type: 'one_time' | 'recurring';
  scheduledAt: Date;
  recurrencePattern?: string;
  cronExpression?: string;
  timezone?: string;
  payload: Record<string, unknown>;
  target?: unknown;
  timeoutMs: number;
  /** How far back missed occurrences are still run, in ms; 0: a job that missed some runs once. */
  catchUpWindowMs: number;
  /** Read when an occurrence may overlap the run in flight: at its dispatch and its outcome. */
  overlapPolicy: OverlapPolicy;
  maxRetries: number;
  state: ScheduleState;
  status: JobStatus;
  /** When the next attempt is due (state `scheduled`). */
  nextRunAt?: Date;
  /** The current run: one occurrence and its retries. */
  runId: string;
  /** The number of the next (or in-flight) attempt of the run, from 1. */
  attempt: number;
  /** Failed attempts of the current run. */
  retryCount: number;
  /** Due time of the attempt in flight. */
  dueAt?: Date;
  dispatchedAt?: Date;
  /** When an attempt in flight without an outcome counts as lost. */
  deadlineAt?: Date;
  /** Catch-up runs in a row so far (see catchUpAfterRun); 0 once a run is on time. */
  catchUpRuns: number;
  /** Counts the states published to job-catalog. */
  sequence: number;
  /**
   * The due time at which the run quota already let this attempt start (it was deferred to it, or
   * triggered): claiming the row at that time does not charge the quota again.
   */
  admittedFor?: Date;
  /**
   * How many times the stored row had changed when it was read (claims and dispatch records aside);
   * unset on a row not read from storage. A claim is stale once a later change is announced.
   */
  changeCount?: number;
  /**
   * The W3C `traceparent` of the request that last set the schedule (a create, update, reschedule or
   * trigger), when it was traced: the job's runs are dispatched in its trace or linked to it.
   */
  traceParent?: string;
  /**
   * When the occurrence the current run is for was due (set with the run; a retry or a deferred
   * attempt is due later); unset on rows from before it was kept, whose `dueAt` stands in.
   */
  occurrenceAt?: Date;
  /** How far the missed-occurrence sweep has reported this waiting row's missed occurrences. */
  missedReportedUntil?: Date;
  /**
   * Not stored: the occurrences passed over (skipped or missed) in reaching this row, which the
   * state announcing it reports to job-catalog's occurrence ledger.
   */
  passedOver?: PassedOver;
}

/** Occurrences passed over without a run (see passed-over.ts). */
export interface PassedOver {
  /** At most MAX_NOTES, the newest, oldest first. */
  notes: OccurrenceNote[];
  /** How many older ones were passed over but are not listed (counted up to MAX_COUNTED). */
  omitted: number;
}

/** An occurrence that did not run: `skipped` came due while a run was in flight, `missed` was not caught up on. */
export interface OccurrenceNote {
  dueAt: Date;
  outcome: 'skipped' | 'missed';
}

/** What a job event says about the job (the subset of chrono.catalog.v1.Job the scheduler needs). */
export interface JobSnapshot {
  id: string;
  userId: string;
  type: string;
  status: string;
  scheduledAt: Date;
  recurrencePattern?: string;
  cronExpression?: string;
  timezone?: string;
  payload: Record<string, unknown>;
  target?: unknown;
  timeoutSeconds: number;
  catchUpWindowMs: number;
  overlapPolicy: OverlapPolicy;
  maxRetries: number;
  nextRunAt?: Date;
  retryCount: number;
}

export type JobEventKind = 'created' | 'updated' | 'rescheduled' | 'cancelled' | 'deleted' | 'paused' | 'resumed';

/** The outcome of one attempt. */
export interface AttemptOutcome {
  jobId: string;
  runId: string;
  attempt: number;
  succeeded: boolean;
  /** When the attempt ended, by the executor's clock; absent for a run the scheduler counted lost. */
  endedAt?: Date;
  /** The `traceparent` the outcome came with (tracing on), which the state it leads to goes on in. */
  traceParent?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/** The fields of a row that version `version` of the job sets (all but the run's state). */
export function definitionOf(job: JobSnapshot, version: number) {
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
    catchUpWindowMs: job.catchUpWindowMs,
    overlapPolicy: job.overlapPolicy,
    maxRetries: job.maxRetries,
  };
}

/** Whether job-catalog's view of a job (status, next run, retries) differs from the row. */
export function stateChanged(
  before: { status: string; nextRunAt?: Date; retryCount: number },
  after: Schedule,
): boolean {
  return (
    before.status !== after.status ||
    before.retryCount !== after.retryCount ||
    before.nextRunAt?.getTime() !== after.nextRunAt?.getTime()
  );
}

/** What a job's event says about its row (definitionOf). */
export type JobDefinition = ReturnType<typeof definitionOf>;

/**
 * A new job's row before its first run is planned. Every field is there, the optional ones undefined,
 * and the job's own last: a spread that adds fields its source lacks costs V8 about 2 µs a field (each
 * makes a new hidden class), one that only overrides fields next to nothing, and every later change of
 * the row is such a spread (see SchedulePlanner).
 */
export function unplannedRow(definition: JobDefinition): Schedule {
  return {
    state: 'scheduled',
    status: 'pending',
    nextRunAt: undefined,
    runId: '',
    attempt: 1,
    retryCount: 0,
    dueAt: undefined,
    dispatchedAt: undefined,
    deadlineAt: undefined,
    catchUpRuns: 0,
    sequence: 0,
    admittedFor: undefined,
    changeCount: undefined,
    traceParent: undefined,
    occurrenceAt: undefined,
    missedReportedUntil: undefined,
    passedOver: undefined,
    ...definition,
  };
}
