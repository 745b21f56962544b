import { columnsOf, runSql, type MikroORM } from '@chrono/kit';
import { isActiveStatus, type JobStatus } from '../domain/job';
import { APPLY_STATES_SQL, RECORD_STARTED_SQL } from './job-updates-sql';
import { attemptColumns, type AttemptProgress } from './ledger-attempts-sql';
import { NOTIFIED_OUTCOMES_SQL, outcomeColumns, PLAIN_OUTCOMES_SQL } from './outcome-sql';

/** The transaction statements run in. */
export type Transaction = Parameters<typeof runSql>[0];

/** One finished attempt as an executor reported it. */
export interface AttemptOutcome {
  jobId: string;
  runId: string;
  attempt: number;
  succeeded: boolean;
  /** Cancelled because the next occurrence came due (overlap policy cancel_previous); not succeeded either. */
  cancelled?: boolean;
  startedAt: Date;
  completedAt: Date;
  /** When the attempt was due (the dispatch request's due time); absent from older publishers. */
  dueAt?: Date;
  result?: unknown;
  errorMessage?: string;
}

/** An outcome recorded for the first time, with the id of its history row. */
export type RecordedOutcome = AttemptOutcome & { executionId: string };

/** The scheduler's view of a job after a run started, ended or was retried. */
export interface ScheduleState {
  jobId: string;
  status: JobStatus;
  nextRunAt?: Date;
  retryCount: number;
  sequence: number;
}

/**
 * Applies what executors and the scheduler report to the jobs and their history. Every method is
 * idempotent: the same report delivered twice changes nothing the second time, and a report about a
 * job that has been deleted is dropped.
 */
export class JobProgressStore {
  /**
   * `afterOutcomes` runs in the transaction that records outcomes, with the outcomes recorded for the
   * first time and their history rows' ids (notifications: their deliveries commit with the outcomes).
   */
  constructor(
    private readonly orm: MikroORM,
    private readonly afterOutcomes?: (em: Transaction, recorded: RecordedOutcome[]) => Promise<void>,
  ) {}

  /** Attempts started: remember when each job's latest run started (one statement for all). */
  async recordStarted(starts: Array<{ jobId: string; startedAt: Date }>): Promise<void> {
    const latest = latestBy(
      starts,
      (s) => s.jobId,
      (s) => s.startedAt.getTime(),
    );
    if (latest.length === 0) return;
    await runSql(
      this.orm.em.fork(),
      RECORD_STARTED_SQL,
      [latest.map((s) => s.jobId), latest.map((s) => s.jobId), latest.map((s) => s.startedAt)],
      { prepared: true },
    );
  }

  /**
   * Attempts ended: one history row per (run, attempt), skipping repeats and deleted jobs, then each
   * job's latest result or error, and when it started (an outcome carries its start: a short attempt
   * announces none of its own). Jobs without notifications in one statement (PLAIN_OUTCOMES_SQL), those
   * with in a transaction that also writes their deliveries (NOTIFIED_OUTCOMES_SQL); the same statements
   * write the attempts' `progress` to the occurrence ledger. Resolves to the ids of the jobs that got a
   * new history row.
   */
  async recordOutcomes(outcomes: AttemptOutcome[], progress: AttemptProgress[]): Promise<string[]> {
    const unique = [...new Map(outcomes.map((o) => [`${o.runId}:${o.attempt}`, o])).values()];
    if (unique.length === 0) return [];
    const rows = await runSql<{ job_id: string; recorded: boolean }>(
      this.orm.em.fork(),
      PLAIN_OUTCOMES_SQL,
      [...outcomeColumns(unique), ...attemptColumns(progress)],
      { prepared: true },
    );
    const recorded = rows.filter((row) => row.recorded).map((row) => row.job_id);
    const notified = new Set(rows.filter((row) => !row.recorded).map((row) => row.job_id));
    if (notified.size === 0) return recorded;
    const ofNotified = <T extends { jobId: string }>(items: T[]) => items.filter((item) => notified.has(item.jobId));
    return [...recorded, ...(await this.recordWithDeliveries(ofNotified(unique), ofNotified(progress)))];
  }

  // The outcomes of jobs with notifications: their deliveries (afterOutcomes) commit with them.
  private recordWithDeliveries(unique: AttemptOutcome[], progress: AttemptProgress[]): Promise<string[]> {
    return this.orm.em.fork().transactional(async (em) => {
      const inserted = await runSql<{ id: string; job_id: string; run_id: string; attempt_number: number }>(
        em,
        NOTIFIED_OUTCOMES_SQL,
        [...outcomeColumns(unique), ...attemptColumns(progress)],
        { prepared: true },
      );
      const fresh = new Map(inserted.map((row) => [`${row.run_id}:${row.attempt_number}`, row.id]));
      const recorded = unique.flatMap((o) => {
        const executionId = fresh.get(`${o.runId}:${o.attempt}`);
        return executionId ? [{ ...o, executionId }] : [];
      });
      if (recorded.length > 0) await this.afterOutcomes?.(em, recorded);
      return [...new Set(inserted.map((row) => row.job_id))];
    });
  }

  /**
   * Takes the scheduler's status, next run and retry count (the newest state per job, in one
   * statement), unless a newer state was applied already or the job was cancelled or paused (a cancel
   * is the client's last word until a reschedule, a pause until a resume: a state sent before the
   * pause, still on its way, must not make a paused job look pending or running; only its end, a
   * one-time job's run that finished while paused, is taken).
   */
  async applyStates(states: ScheduleState[]): Promise<void> {
    const newest = latestBy(
      states,
      (s) => s.jobId,
      (s) => s.sequence,
    );
    if (newest.length === 0) return;
    await runSql(
      this.orm.em.fork(),
      APPLY_STATES_SQL,
      [
        newest.map((s) => s.jobId),
        ...columnsOf(newest, (s) => [
          s.jobId,
          s.status,
          s.nextRunAt ?? null,
          s.retryCount,
          isActiveStatus(s.status),
          s.sequence,
        ]),
      ],
      { prepared: true },
    );
  }
}

/** One item per key: the one with the highest rank. */
function latestBy<T>(items: T[], key: (item: T) => string, rank: (item: T) => number): T[] {
  const best = new Map<string, T>();
  for (const item of items) {
    const current = best.get(key(item));
    if (!current || rank(item) > rank(current)) best.set(key(item), item);
  }
  return [...best.values()];
}
