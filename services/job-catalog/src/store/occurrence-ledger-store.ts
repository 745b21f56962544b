import { columnsOf, runSql, unnestOf, type MikroORM } from '@chrono/kit';
import type { Transaction } from './job-progress-store';
import { attemptColumns, keyOf, sortedByKey, upsertAttemptsSql, type AttemptProgress } from './ledger-attempts-sql';

/** What the scheduler's state says about occurrences: a dispatched run's, or one passed over. */
export interface OccurrenceReportEntry {
  jobId: string;
  dueAt: Date;
  /** A dispatched run: its id and when it was handed to the executors. */
  run?: { runId: string; dispatchedAt: Date };
  /** An occurrence that did not run. */
  outcome?: 'skipped' | 'missed';
}

/**
 * The occurrence ledger (catalog.job_occurrences): one row per job and due time, written from the
 * scheduler's states and the attempts' progress, one statement per batch. Every write is idempotent
 * and they commute: a run's row ends the same whichever report comes first, a second report of a
 * skipped or missed occurrence changes nothing, and a job that was deleted gets no row.
 */
export class OccurrenceLedgerStore {
  /** `onMissed` runs in the transaction that first records occurrences as missed (the `missed` notifications). */
  constructor(
    private readonly orm: MikroORM,
    private readonly onMissed?: (em: Transaction, missed: Array<{ jobId: string; dueAt: Date }>) => Promise<void>,
  ) {}

  /** Occurrences the scheduler reported: runs dispatched, occurrences skipped or missed. */
  async recordReports(entries: OccurrenceReportEntry[]): Promise<void> {
    // One entry per row (a statement may not change a row twice); a run wins over a note.
    const merged = new Map<string, OccurrenceReportEntry>();
    for (const e of entries) if (e.run || !merged.has(keyOf(e.jobId, e.dueAt))) merged.set(keyOf(e.jobId, e.dueAt), e);
    const unique = sortedByKey(merged);
    if (unique.length === 0) return;
    // Only an occurrence reported missed may notify: without one, the statement needs no transaction.
    const onMissed = this.onMissed;
    if (!onMissed || !unique.some((e) => e.outcome === 'missed')) {
      await upsertReports(this.orm.em.fork(), unique);
      return;
    }
    await this.orm.em.fork().transactional(async (em) => {
      // A missed occurrence is reported again (by the sweep, then by the run that passed it over): only
      // its first record, an insert, notifies.
      const missed = (await upsertReports(em, unique)).filter((row) => row.inserted && row.outcome === 'missed');
      if (missed.length > 0)
        await onMissed(
          em,
          missed.map((row) => ({ jobId: row.job_id, dueAt: new Date(row.due_at) })),
        );
    });
  }

  /** Attempts started and ended, per occurrence (see upsertAttemptsSql). */
  async recordAttempts(progress: AttemptProgress[]): Promise<void> {
    const columns = attemptColumns(progress);
    if (columns[0].length === 0) return;
    await runSql(this.orm.em.fork(), upsertAttemptsSql('true'), columns, { prepared: true });
  }
}

// Writes the reported occurrences; resolves to each row written, whether it was new, and its outcome.
function upsertReports(em: Transaction, unique: OccurrenceReportEntry[]) {
  // Timestamps come back as text on MikroORM's connection.
  return runSql<{ job_id: string; due_at: string; outcome: string | null; inserted: boolean }>(
    em,
    `insert into catalog.job_occurrences as o (job_id, due_at, run_id, outcome, dispatched_at)
     select v.job_id, v.due_at, v.run_id, v.outcome, v.dispatched_at
     from ${unnestOf(['uuid', 'timestamptz', 'text', 'text', 'timestamptz'])} v(job_id, due_at, run_id, outcome, dispatched_at)
     where exists (select 1 from catalog.jobs j where j.id = v.job_id)
     on conflict (job_id, due_at) do update set
       run_id = coalesce(o.run_id, excluded.run_id),
       dispatched_at = least(o.dispatched_at, excluded.dispatched_at),
       outcome = case when o.run_id is not null then o.outcome when excluded.run_id is not null then null
         else coalesce(o.outcome, excluded.outcome) end
     returning o.job_id, o.due_at, o.outcome, (o.xmax = 0) as inserted`,
    columnsOf(unique, (e) => [e.jobId, e.dueAt, e.run?.runId ?? null, e.outcome ?? null, e.run?.dispatchedAt ?? null]),
    { prepared: true },
  );
}
