import { addToOutbox, runSql, type MikroORM, type OutboxMessage, type OutboxWakeup } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { letRunGo, type RunInFlight } from '../domain/allow-planning';
import type { SchedulePlanner } from '../domain/schedule-planner';
import type { Schedule } from '../domain/schedule';
import { BATCH_SUBJECTS, stateMessage } from '../events/messages';
import { fromRow, type ScheduleRow } from './schedule-columns';
import type { ScheduleStore } from './schedule-store';

interface RunRow {
  job_id: string;
  run_id: string;
  user_id: string;
  attempt: number;
  retry_count: number;
  due_at: string | Date;
  dispatched_at: string | Date | null;
  deadline_at: string | Date | null;
  retry_at: string | Date | null;
}

const date = (value: string | Date | null) => (value === null ? undefined : new Date(value));

function fromRunRow(row: RunRow): RunInFlight {
  return {
    jobId: row.job_id,
    runId: row.run_id,
    userId: row.user_id,
    attempt: row.attempt,
    retryCount: row.retry_count,
    dueAt: new Date(row.due_at),
    dispatchedAt: date(row.dispatched_at),
    deadlineAt: date(row.deadline_at),
    retryAt: date(row.retry_at),
  };
}

/** What deciding about a run in flight chose: keep it as `run`, drop it, and messages to publish. */
export interface RunChange {
  run?: RunInFlight;
  messages: OutboxMessage[];
}

/**
 * scheduler.runs_in_flight: the runs of `allow` jobs that left their schedule row (see letRunGo),
 * until their last attempt is settled. Only `allow` jobs write or read it: the other policies pay nothing.
 */
export class RunsInFlightStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWakeup,
  ) {}

  /** Adds runs, in the transaction that moves their rows on (a run added twice is kept once). */
  static async add(em: EntityManager, runs: RunInFlight[]): Promise<void> {
    if (runs.length === 0) return;
    await runSql(
      em,
      `insert into scheduler.runs_in_flight (job_id, run_id, user_id, attempt, retry_count, due_at, dispatched_at, deadline_at, retry_at)
       values ${runs.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')} on conflict (job_id, run_id) do nothing`,
      runs.flatMap((r) => [
        r.jobId,
        r.runId,
        r.userId,
        r.attempt,
        r.retryCount,
        r.dueAt,
        r.dispatchedAt ?? null,
        r.deadlineAt ?? null,
        r.retryAt ?? null,
      ]),
    );
  }

  /** Runs whose attempt is overdue or whose retry is due, oldest first. */
  async due(limit: number): Promise<Array<{ jobId: string; runId: string }>> {
    const rows = await runSql<{ job_id: string; run_id: string }>(
      this.orm.em.fork(),
      `select job_id, run_id from scheduler.runs_in_flight where deadline_at < now() or retry_at <= now()
       order by coalesce(deadline_at, retry_at) limit ?`,
      [limit],
    );
    return rows.map((row) => ({ jobId: row.job_id, runId: row.run_id }));
  }

  /**
   * Locks a run (if there is one) and its job's schedule row, lets `decide` choose (with both; the row may be gone),
   * and keeps, updates or drops the run, with its messages, in one transaction.
   */
  async change(
    jobId: string,
    runId: string,
    decide: (
      run: RunInFlight,
      schedule: Schedule | undefined,
    ) => Promise<RunChange | undefined> | RunChange | undefined,
  ): Promise<RunChange | undefined> {
    const changed = await this.orm.em.fork().transactional(async (em) => {
      // The run first: most lookups (a stale outcome of another policy) find none and lock nothing more.
      const [run] = await runSql<RunRow>(
        em,
        'select * from scheduler.runs_in_flight where job_id = ? and run_id = ? for update',
        [jobId, runId],
      );
      if (!run) return undefined;
      const [schedule] = await runSql<ScheduleRow>(
        em,
        'select * from scheduler.schedules where job_id = ? for update',
        [jobId],
      );
      const change = await decide(fromRunRow(run), schedule && fromRow(schedule));
      if (!change) return undefined;
      if (!change.run)
        await runSql(em, 'delete from scheduler.runs_in_flight where job_id = ? and run_id = ?', [jobId, runId]);
      else {
        const r = change.run;
        await runSql(
          em,
          `update scheduler.runs_in_flight set attempt = ?, retry_count = ?, dispatched_at = ?, deadline_at = ?, retry_at = ?
           where job_id = ? and run_id = ?`,
          [r.attempt, r.retryCount, r.dispatchedAt ?? null, r.deadlineAt ?? null, r.retryAt ?? null, jobId, runId],
        );
      }
      await addToOutbox(em, 'scheduler', change.messages, BATCH_SUBJECTS);
      return change;
    });
    if (changed && changed.messages.length > 0) this.outbox.written();
    return changed;
  }
}

/**
 * `allow`: records attempts just handed to the executors as runs in flight alongside, and moves their
 * rows on to the next occurrence (see letRunGo), for rows still at that attempt; one transaction.
 */
export async function letRunsGo(
  store: ScheduleStore,
  dispatched: Schedule[],
  planner: Pick<SchedulePlanner, 'newRun' | 'announce'>,
): Promise<void> {
  const runs = new Map<string, RunInFlight>();
  const now = new Date();
  await store.changeMany(
    dispatched.map((row) => row.jobId),
    (rows) =>
      dispatched.flatMap((inFlight) => {
        const current = rows.get(inFlight.jobId);
        if (current?.state !== 'scheduled' || current.runId !== inFlight.runId || current.attempt !== inFlight.attempt)
          return [];
        const { dueAt, dispatchedAt, deadlineAt } = inFlight;
        const { row, run } = letRunGo({ ...current, state: 'dispatched', dueAt, dispatchedAt, deadlineAt }, planner);
        runs.set(row.jobId, run);
        return [{ next: row, messages: [stateMessage(row, now)], claimSpent: true }];
      }),
    undefined,
    (em, written) =>
      RunsInFlightStore.add(
        em,
        written.flatMap((change) => runs.get(change.next.jobId) ?? []),
      ),
  );
}
