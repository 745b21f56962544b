import { addToOutbox, runSql, type MikroORM, type Notify, type OutboxMessage, type OutboxWakeup } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Schedule } from '../domain/schedule';
import { BATCH_SUBJECTS } from '../events/messages';
import { markDispatchedSql, type DispatchRecord } from './mark-dispatched-sql';
import { lockRunBudgets, saveRunBudgets } from './run-budgets';
import { fromRow, type ScheduleRow } from './schedule-columns';
import { CLAIM_DUE_SQL, LOCK_SCHEDULES_SQL, upsertSchedulesSql } from './schedule-sql';
import { revokePayload } from './revoke-signal';

/** What a change of one row decided: the row as it becomes, and the messages it publishes. */
export interface RowChange {
  next: Schedule;
  messages: OutboxMessage[];
  /**
   * The change follows from the run the row's claim dispatched (that run's outcome, or an `allow` run
   * let go): the claim has fired, so no dispatcher holds it unfired and no REVOKE is sent. An outcome
   * that overtakes its dispatch record finds the row still claimed; at steady load that is every other
   * outcome, and a REVOKE each was a NOTIFY round trip that changed nothing.
   */
  claimSpent?: boolean;
}

/**
 * Charges runs to their owners' run budgets, given when each user's bucket is full again: resolves
 * to the users' new `fullAt` and the rows moved later (with their messages), or throws to refuse.
 */
export type ChargeRuns = (
  rows: Schedule[],
  fullAt: Map<string, Date | undefined>,
) => { fullAt: Map<string, Date>; deferred: RowChange[] };

/** NOTIFY channels between replicas. */
export const WAKEUP_CHANNEL = 'scheduler_wakeup';
export const REVOKE_CHANNEL = 'scheduler_revoke';

/**
 * The schedule rows in PostgreSQL. Changes of one job run under its row lock, together with the
 * messages they publish (the outbox); once committed, NOTIFYs wake the dispatchers of every replica
 * for a row due soon, and take back claims on rows that changed.
 */
export class ScheduleStore {
  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWakeup,
    private readonly notify: Notify,
    private readonly wakeWithinMs: number,
  ) {}

  /**
   * Locks the job's row (if any), lets `decide` choose its next state, and writes it with its messages,
   * all in one transaction. A change also takes back any claim a dispatcher holds on the row.
   */
  async change(
    jobId: string,
    decide: (current: Schedule | undefined) => RowChange | undefined,
    charge?: ChargeRuns,
  ): Promise<RowChange | undefined> {
    const [written] = await this.changeMany(
      [jobId],
      (rows) => {
        const decision = decide(rows.get(jobId));
        return decision ? [decision] : [];
      },
      charge,
    );
    return written;
  }

  /**
   * change() for several jobs in one transaction: locks their rows (in id order, so that concurrent
   * batches cannot deadlock), lets `decide` choose the next state of each from the rows found, and
   * writes them with their messages. The version guard makes a racing duplicate of a job's first
   * event a no-op; such a change is left out of the result. With `charge`, the new runs are charged
   * to their owners' run budgets first (which may refuse them).
   */
  async changeMany(
    jobIds: string[],
    decide: (current: Map<string, Schedule>) => RowChange[],
    charge?: ChargeRuns,
    also?: (em: EntityManager, written: RowChange[]) => Promise<void>,
  ): Promise<RowChange[]> {
    const ids = [...new Set(jobIds)].sort();
    if (ids.length === 0) return [];
    const leased = new Set<string>();
    const changeCounts = new Map<string, number>();
    const written = await this.orm.em.fork().transactional(async (em) => {
      // Not prepared: a prepared statement keeps the plan it made first, and one made while the table
      // was small scans every row for each key once it has grown (a CreateJobs of thousands into a new
      // table took 11 ms a lookup); planned at each call, it takes the index as soon as that pays.
      const rows = await runSql<ScheduleRow & { leased: boolean }>(em, LOCK_SCHEDULES_SQL, [ids]);
      for (const row of rows) if (row.leased) leased.add(row.job_id);
      const changes = decide(new Map(rows.map((row) => [row.job_id, fromRow(row)])));
      if (changes.length === 0) return [];
      if (charge)
        await chargeRuns(
          em,
          changes.map((change) => change.next),
          charge,
        );
      const upsert = upsertSchedulesSql(
        changes.map((change) => change.next),
        changes.flatMap((change) => change.messages),
      );
      const saved = await runSql<{ job_id: string; change_count: string }>(em, upsert.sql, upsert.params, {
        prepared: true,
      });
      for (const row of saved) changeCounts.set(row.job_id, Number(row.change_count));
      const savedIds = new Set(saved.map((row) => row.job_id));
      const kept = changes.filter((change) => savedIds.has(change.next.jobId));
      // The upsert wrote the messages only if it wrote every row.
      if (kept.length < changes.length)
        await addToOutbox(
          em,
          'scheduler',
          kept.flatMap((change) => change.messages),
          BATCH_SUBJECTS,
        );
      if (also) await also(em, kept);
      return kept;
    });
    if (written.some((change) => change.messages.length > 0)) this.outbox.written();
    // A REVOKE names the change it announces: a replica that claimed the row after it keeps its claim.
    for (const { next, claimSpent } of written)
      if (leased.has(next.jobId) && !claimSpent)
        this.notify(REVOKE_CHANNEL, revokePayload(next.jobId, changeCounts.get(next.jobId) ?? 0));
    const soonest = Math.min(
      ...written.map((change) =>
        change.next.state === 'scheduled' && change.next.nextRunAt ? change.next.nextRunAt.getTime() : Infinity,
      ),
    );
    if (soonest <= Date.now() + this.wakeWithinMs) this.notify(WAKEUP_CHANNEL, String(soonest));
    return written;
  }

  /**
   * Claims up to `limit` unclaimed rows due within `horizonMs` for `owner`, for `leaseMs`; rows claimed
   * by a replica that died come back once its lease has passed. In the same transaction the claimed
   * runs are charged to their owners' run budgets (but not a run the quota admitted already at this
   * due time); the rows `charge` defers are moved, released and left out. Earliest first.
   */
  async claimDue(
    owner: string,
    horizonMs: number,
    leaseMs: number,
    limit: number,
    charge: ChargeRuns,
  ): Promise<Schedule[]> {
    const { claimed, deferred } = await this.orm.em.fork().transactional(async (em) => {
      const rows = await runSql<ScheduleRow>(em, CLAIM_DUE_SQL, [horizonMs, limit, owner, leaseMs], { prepared: true });
      const schedules = rows.map(fromRow);
      const unpaid = schedules.filter(
        (row) => row.admittedFor === undefined || row.admittedFor.getTime() !== row.nextRunAt?.getTime(),
      );
      const moved = await chargeRuns(em, unpaid, charge);
      if (moved.length > 0) {
        await runSql(
          em,
          `update scheduler.schedules s set next_run_at = v.next_run_at, admitted_for = v.next_run_at, sequence = v.sequence, lease_owner = null, lease_until = null, updated_at = now()
           from (values ${moved.map(() => '(?::uuid, ?::timestamptz, ?::int)').join(', ')}) as v(job_id, next_run_at, sequence) where s.job_id = v.job_id`,
          moved.flatMap(({ next }) => [next.jobId, next.nextRunAt, next.sequence]),
        );
        await addToOutbox(
          em,
          'scheduler',
          moved.flatMap((change) => change.messages),
        );
      }
      const movedIds = new Set(moved.map((change) => change.next.jobId));
      return { claimed: schedules.filter((row) => !movedIds.has(row.jobId)), deferred: moved.length };
    });
    if (deferred > 0) this.outbox.written();
    return claimed.sort((a, b) => (a.nextRunAt?.getTime() ?? 0) - (b.nextRunAt?.getTime() ?? 0));
  }

  /**
   * Records attempts as handed to the executors, for rows `owner` still holds unchanged; writes the
   * messages of those rows. Resolves to the ids of the rows recorded.
   */
  async markDispatched(owner: string, records: DispatchRecord[]): Promise<Set<string>> {
    if (records.length === 0) return new Set();
    const { sql, params } = markDispatchedSql(owner, records);
    const rows = await runSql<{ job_id: string }>(this.orm.em.fork(), sql, params, { prepared: true });
    const recorded = new Set(rows.map((row) => row.job_id));
    if (recorded.size > 0) this.outbox.written();
    return recorded;
  }

  /** Gives claims back (a stopping replica), so that another replica can take them at once. */
  async release(owner: string, jobIds: string[]): Promise<void> {
    if (jobIds.length === 0) return;
    await runSql(
      this.orm.em.fork(),
      `update scheduler.schedules set lease_owner = null, lease_until = null where lease_owner = ? and job_id in (${jobIds.map(() => '?').join(', ')})`,
      [owner, ...jobIds],
    );
  }

  /** Ids of attempts in flight whose deadline has passed without an outcome. */
  async overdue(limit: number): Promise<string[]> {
    const rows = await runSql<{ job_id: string }>(
      this.orm.em.fork(),
      "select job_id from scheduler.schedules where state = 'dispatched' and deadline_at < now() order by deadline_at limit ?",
      [limit],
    );
    return rows.map((row) => row.job_id);
  }
}

// Locks the owners' budgets, lets `charge` decide, and saves the budgets; resolves to the rows it deferred.
async function chargeRuns(em: EntityManager, rows: Schedule[], charge: ChargeRuns): Promise<RowChange[]> {
  if (rows.length === 0) return [];
  const { fullAt, deferred } = charge(
    rows,
    await lockRunBudgets(
      em,
      rows.map((row) => row.userId),
    ),
  );
  await saveRunBudgets(em, fullAt);
  return deferred;
}
