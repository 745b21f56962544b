import { dispatch, topology } from '@chrono/contracts';
import {
  classifyPublishError,
  endSpan,
  GroupCommit,
  traceParentOf,
  tracingEnabled,
  type JetStreamClient,
  type Logger,
} from '@chrono/kit';
import { runsAlongside } from '../domain/allow-planning';
import type { RunQuota } from '../domain/run-quota';
import type { Schedule } from '../domain/schedule';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { dispatchRequestOf, publishDispatch, stateMessage } from '../events/messages';
import type { DispatchRecord } from '../store/mark-dispatched-sql';
import { recordDispatch } from './dispatch-metrics';
import { dispatchSpan } from './dispatch-span';
import { letRunsGo } from '../store/runs-in-flight-store';
import type { RowChange, ScheduleStore } from '../store/schedule-store';
import { DueQueue } from './due-queue';
import type { Revoke } from '../store/revoke-signal';

export interface DispatcherOptions {
  /** This replica's name on the claims it holds. */
  owner: string;
  /** How far ahead rows are claimed and held in memory, in ms (SCHEDULER_LOOKAHEAD, 1 s). */
  lookaheadMs: number;
  /** Safety-net poll for due rows, in ms (SCHEDULER_POLL_INTERVAL, 500 ms). */
  pollIntervalMs: number;
  /** How long a claim holds; a dead replica's claims come back after it (SCHEDULER_LEASE, 10 s). */
  leaseMs: number;
  /** Rows per claim query and per write (SCHEDULER_BATCH_SIZE, 1000). */
  batchSize: number;
  /** How long past its timeout an attempt may take to report (LOST_RUN_GRACE, 60 s). */
  lostRunGraceMs: number;
  /**
   * How long a dispatch record waits for the next ones before it is written (OUTCOME_BATCH_WAIT, 20 ms;
   * 0: at once). No run waits for it, and at a few hundred runs a second each due time is a record of its own.
   */
  recordWaitMs?: number;
  /**
   * How early runs may be handed to the executors, which start each at its due time (DISPATCH_LEAD,
   * 20 ms; 0: each at its due time). The timer fires half of it before the earliest due run and hands
   * over every run due within it: at a few hundred runs a second, due times a few milliseconds apart go
   * in one round of publishes instead of a wake-up and a round each.
   */
  leadMs: number;
}

/**
 * Dispatches due runs on time. It claims rows due within the look-ahead (SKIP LOCKED, with a lease),
 * holds them in memory, and fires a timer at the earliest due time; then it publishes their dispatch
 * requests at once and records them as dispatched in one batch. A NOTIFY or a local change wakes it
 * for a row due sooner; a poll every `pollIntervalMs` is the safety net. Runs over their owner's
 * quota (MAX_RUNS_PER_USER_PER_MINUTE) are moved, when claimed, to when the quota lets them start:
 * the job's nextRunAt shows it, and a warning names the user and the jobs. While tracing is on, each
 * dispatch is a span (dispatchSpan) whose context the request carries to the executor.
 */
export class Dispatcher {
  private readonly queue = new DueQueue();
  private timer?: NodeJS.Timeout;
  private poller?: NodeJS.Timeout;
  private claiming?: Promise<void>;
  private claimAgain = false;
  private readonly records: GroupCommit<DispatchRecord>;
  private writes: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly store: ScheduleStore,
    private readonly planner: SchedulePlanner,
    private readonly quota: RunQuota,
    private readonly js: JetStreamClient,
    private readonly log: Logger,
    private readonly options: DispatcherOptions,
  ) {
    const write = async (records: DispatchRecord[]) => {
      await this.store.markDispatched(this.options.owner, records);
    };
    this.records = new GroupCommit(write, options.batchSize, options.recordWaitMs);
  }

  start(): void {
    this.poller = setInterval(() => this.claimSoon(), this.options.pollIntervalMs);
    this.claimSoon();
  }

  /** A row is due at `atMs`: claim now if that is within the look-ahead. */
  wake(atMs: number): void {
    if (atMs <= Date.now() + this.options.lookaheadMs) this.claimSoon();
  }

  /** The job changed: drop the claimed copy, if this replica holds one read before that change. */
  revoke({ jobId, changeCount }: Revoke): void {
    this.queue.revoke(jobId, changeCount);
  }

  /** Stops dispatching, waits for writes in flight, and gives the claims it holds back. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.poller);
    clearTimeout(this.timer);
    await this.claiming;
    await this.writes;
    await this.store
      .release(this.options.owner, this.queue.drain())
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not release claims'));
  }

  // One claim round at a time; a wake-up during a round asks for one more.
  private claimSoon(): void {
    if (this.stopped) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claim()
      .catch((error: unknown) => this.log.warn({ err: error }, 'claiming due rows failed'))
      .finally(() => {
        this.claiming = undefined;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.claimSoon();
        }
      });
  }

  private async claim(): Promise<void> {
    const { owner, lookaheadMs, leaseMs, batchSize } = this.options;
    for (;;) {
      const claimed = await this.store.claimDue(owner, lookaheadMs, leaseMs, batchSize, (rows, fullAt) =>
        this.admit(rows, fullAt),
      );
      for (const schedule of claimed) this.queue.push(schedule);
      this.arm();
      if (claimed.length < batchSize || this.stopped) return;
    }
  }

  // Charges claimed runs to the quota; the ones over it move to when it lets them start, as new states for job-catalog.
  private admit(
    rows: Schedule[],
    fullAt: Map<string, Date | undefined>,
  ): { fullAt: Map<string, Date>; deferred: RowChange[] } {
    const now = new Date();
    const admitted = this.quota.admit(rows, fullAt);
    const deferred = admitted.deferred.map(({ row, startAt }) => {
      const next = this.planner.deferred(row, startAt);
      return { next, messages: [stateMessage(next, now)] };
    });
    const byUser = new Map<string, Schedule[]>();
    for (const { next } of deferred) byUser.set(next.userId, [...(byUser.get(next.userId) ?? []), next]);
    for (const [userId, moved] of byUser) {
      const jobIds = moved.map((row) => row.jobId);
      this.log.warn(
        {
          userId,
          deferred: moved.length,
          until: moved[moved.length - 1].nextRunAt,
          jobIds: jobIds.slice(0, 20),
          quota: this.quota.perMinute,
        },
        'runs over the per-minute quota deferred',
      );
    }
    return { fullAt: admitted.fullAt, deferred };
  }

  private arm(): void {
    clearTimeout(this.timer);
    const due = this.queue.peekDue();
    if (due === undefined || this.stopped) return;
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - this.options.leadMs / 2 - Date.now()));
  }

  private fire(): void {
    const due = this.queue.popDue(Date.now() + this.options.leadMs);
    this.arm();
    if (due.length > 0) void this.dispatch(due);
  }

  private async dispatch(rows: Schedule[]): Promise<void> {
    const handedAt = Date.now();
    const published = await Promise.all(
      rows.map(async (row): Promise<DispatchRecord | undefined> => {
        // A run handed over early (leadMs) counts as dispatched at its due time, when it is let start:
        // the overlap and catch-up rules measure a run from then, and its deadline too.
        const now = new Date(Math.max(handedAt, row.nextRunAt?.getTime() ?? handedAt));
        const inFlight = this.planner.dispatched(row, now, this.options.lostRunGraceMs);
        const { message, msgId } = dispatchRequestOf(inFlight, now);
        const span = tracingEnabled() ? dispatchSpan(inFlight) : undefined;
        const traceParent = span && traceParentOf(span);
        try {
          await publishDispatch(this.js, { message, msgId }, traceParent);
          if (inFlight.dueAt) recordDispatch(inFlight.dueAt, now);
          if (span) endSpan(span);
          const announced = this.planner.announce(inFlight);
          return { row: announced, state: stateMessage(announced, now, traceParent) };
        } catch (error) {
          if (span) endSpan(span, error);
          const { reason, streamFull } = classifyPublishError(
            error,
            dispatch.DispatchRequest.encode(message).finish().length,
          );
          const stream = topology.dispatch.stream;
          this.log.warn(
            { jobId: row.jobId, stream, streamFull, reason },
            `dispatch to stream ${stream} failed: ${reason}; the claim will lapse and the run be retried`,
          );
          return undefined;
        }
      }),
    );
    const handedOut = published.filter((record): record is DispatchRecord => record !== undefined);
    // `allow` rows let their run go and move on (letRunsGo); the others are recorded in flight as ever.
    const alongside = handedOut.filter((record) => runsAlongside(record.row));
    const sent = alongside.length === 0 ? handedOut : handedOut.filter((record) => !runsAlongside(record.row));
    for (const { row } of sent)
      this.log.debug(
        {
          jobId: row.jobId,
          runId: row.runId,
          attempt: row.attempt,
          lateMs: handedAt - (row.dueAt?.getTime() ?? 0),
        },
        'dispatched',
      );
    // Dispatching never waits for the record. Records land in order, and those that come while one is
    // being written, or within recordWaitMs of the first, go together in one statement (at 400 runs a
    // second, one is due every 2.5 ms). An outcome that overtakes its record still counts (SchedulePlanner).
    this.writes = this.records
      .add(sent)
      .catch((error: unknown) =>
        this.log.warn(
          { err: error, count: sent.length },
          'recording dispatches failed; claims will lapse and JetStream drops the re-publish',
        ),
      );
    if (alongside.length === 0) return;
    const letGo = alongside.map((record) => record.row);
    const failed = (error: unknown) =>
      this.log.warn({ err: error }, 'recording runs alongside failed; claims will lapse');
    this.writes = Promise.all([this.writes, letRunsGo(this.store, letGo, this.planner).catch(failed)]);
  }
}
