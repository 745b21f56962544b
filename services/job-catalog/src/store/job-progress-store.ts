import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@chrono/kit';
import type { JobStatus } from '../domain/job';

/** One finished attempt as an executor reported it. */
export interface AttemptOutcome {
  jobId: string;
  runId: string;
  attempt: number;
  succeeded: boolean;
  startedAt: Date;
  completedAt: Date;
  result?: unknown;
  errorMessage?: string;
}

/** The scheduler's view of a job after a run started, ended or was retried. */
export interface ScheduleState {
  jobId: string;
  status: JobStatus;
  nextRunAt?: Date;
  retryCount: number;
  sequence: number;
}

const FOREIGN_KEY_VIOLATION = '23503';

/**
 * Applies what executors and the scheduler report to the jobs and their history. Every method is
 * idempotent: the same report delivered twice changes nothing the second time, and a report about a
 * job that has been deleted is dropped.
 */
export class JobProgressStore {
  constructor(private readonly orm: MikroORM) {}

  /** An attempt started: remember when the latest run started. */
  async recordStarted(jobId: string, startedAt: Date): Promise<void> {
    await this.orm.em.fork().execute('update catalog.jobs set started_at = ?, updated_at = now() where id = ? and (started_at is null or started_at < ?)', [startedAt, jobId, startedAt]);
  }

  /** An attempt ended: one history row per (run, attempt), and the job's latest result or error. Resolves to false for a repeat. */
  async recordOutcome(outcome: AttemptOutcome): Promise<boolean> {
    const { jobId, runId, attempt, succeeded, startedAt, completedAt, result, errorMessage } = outcome;
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const inserted = await em.execute(
          `insert into catalog.job_executions (id, job_id, run_id, attempt_number, status, started_at, completed_at, error_message, result, created_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (run_id, attempt_number) do nothing returning id`,
          [randomUUID(), jobId, runId, attempt, succeeded ? 'success' : 'failed', startedAt, completedAt, errorMessage ?? null, result === undefined ? null : JSON.stringify(result)],
        );
        if (inserted.length === 0) return false;
        const latest = 'completed_at is null or completed_at <= ?';
        if (succeeded) {
          await em.execute(`update catalog.jobs set completed_at = ?, result = ?, error_message = null, updated_at = now() where id = ? and (${latest})`, [completedAt, result === undefined ? null : JSON.stringify(result), jobId, completedAt]);
        } else {
          await em.execute(`update catalog.jobs set completed_at = ?, error_message = ?, updated_at = now() where id = ? and (${latest})`, [completedAt, errorMessage ?? 'failed', jobId, completedAt]);
        }
        return true;
      });
    } catch (error) {
      if ((error as { code?: string }).code === FOREIGN_KEY_VIOLATION) return false;
      throw error;
    }
  }

  /**
   * Takes the scheduler's status, next run and retry count, unless a newer state was applied already
   * or the job was cancelled (a cancel is the client's last word until a reschedule).
   */
  async applyState(state: ScheduleState): Promise<boolean> {
    const finished = state.status === 'completed' || state.status === 'failed';
    const updated = await this.orm.em.fork().execute(
      `update catalog.jobs set status = ?, next_run_at = ?, retry_count = ?, is_active = ?, state_sequence = ?, updated_at = now()
       where id = ? and state_sequence < ? and status <> 'cancelled'`,
      [state.status, state.nextRunAt ?? null, state.retryCount, !finished, state.sequence, state.jobId, state.sequence],
      'run',
    );
    return (updated as unknown as { affectedRows: number }).affectedRows === 1;
  }
}
