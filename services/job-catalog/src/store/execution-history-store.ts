import type { MikroORM } from '@chrono/kit';

/**
 * Deletes of execution history, in small batches: each statement deletes at most `limit` rows and
 * locks only those rows (never a job), so pruning never holds up the recording of new runs.
 */
export class ExecutionHistoryStore {
  constructor(private readonly orm: MikroORM) {}

  /** Deletes up to `limit` rows recorded before `cutoff`, oldest first (index job_executions_created); skips rows another replica is deleting. */
  async deleteRecordedBefore(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.orm.em.fork().execute<Array<{ id: string }>>(
      `delete from catalog.job_executions where id in (
         select id from catalog.job_executions where created_at < ? order by created_at limit ? for update skip locked)
       returning id`,
      [cutoff, limit],
    );
    return rows.length;
  }

  /** Deletes up to `limit` rows of these jobs beyond each job's newest `keep` (index job_executions_job_completed). */
  async deleteBeyondNewest(jobIds: string[], keep: number, limit: number): Promise<number> {
    if (jobIds.length === 0) return 0;
    const rows = await this.orm.em.fork().execute<Array<{ id: string }>>(
      `delete from catalog.job_executions where id in (
         select older.id from unnest(?::uuid[]) as job(id)
         cross join lateral (
           select id from catalog.job_executions where job_id = job.id order by completed_at desc, id desc offset ?) older
         limit ?)
       returning id`,
      [`{${jobIds.join(',')}}`, keep, limit],
    );
    return rows.length;
  }

  /** Deletes up to `limit` occurrence-ledger rows due before `cutoff`, oldest first (index job_occurrences_due). */
  async deleteOccurrencesDueBefore(cutoff: Date, limit: number): Promise<number> {
    const rows = await this.orm.em.fork().execute<Array<{ job_id: string }>>(
      `delete from catalog.job_occurrences where (job_id, due_at) in (
         select job_id, due_at from catalog.job_occurrences where due_at < ? order by due_at limit ? for update skip locked)
       returning job_id`,
      [cutoff, limit],
    );
    return rows.length;
  }
}
