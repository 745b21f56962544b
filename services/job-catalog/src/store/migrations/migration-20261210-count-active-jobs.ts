import { Migration } from '@mikro-orm/migrations';

// A job counts as active while pending or running; its shard is the last byte of its (random) id.
const ACTIVE = "status in ('pending', 'running')";
const SHARD = 'get_byte(uuid_send(id), 15) % 16';

/**
 * The trigger function that keeps catalog.active_job_counts, counting the jobs that `active` (an SQL
 * condition on a row) holds for; a later migration widens what counts as active.
 */
export function countActiveJobsFunction(active: string): string {
  return `create or replace function catalog.count_active_jobs() returns trigger language plpgsql as $$
      begin
        if tg_op = 'INSERT' then
          insert into catalog.active_job_counts (user_id, shard, active)
            select user_id, ${SHARD}, count(*) from new_rows where ${active} group by 1, 2 order by 1, 2
          on conflict (user_id, shard) do update set active = catalog.active_job_counts.active + excluded.active;
        elsif tg_op = 'DELETE' then
          insert into catalog.active_job_counts (user_id, shard, active)
            select user_id, ${SHARD}, -count(*) from old_rows where ${active} group by 1, 2 order by 1, 2
          on conflict (user_id, shard) do update set active = catalog.active_job_counts.active + excluded.active;
        else
          insert into catalog.active_job_counts (user_id, shard, active)
            select user_id, shard, sum(delta) from (
              select user_id, ${SHARD} as shard, 1 as delta from new_rows where ${active}
              union all
              select user_id, ${SHARD}, -1 from old_rows where ${active}) d
            group by 1, 2 having sum(delta) <> 0 order by 1, 2
          on conflict (user_id, shard) do update set active = catalog.active_job_counts.active + excluded.active;
        end if;
        return null;
      end $$`;
}

/**
 * Each user's number of active jobs, kept by triggers so that CreateJob reads at most 16 rows
 * instead of counting the user's jobs. The count is split over 16 rows per user so that concurrent
 * creates of one user do not all wait for the same row lock; a status change between pending and
 * running nets out and touches no row. Statement-level triggers see a batch of changes once; rows
 * are locked in (user, shard) order, so two batches cannot deadlock on them.
 */
export class Migration20261210CountActiveJobs extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table catalog.active_job_counts (
      user_id uuid not null,
      shard smallint not null,
      active integer not null,
      primary key (user_id, shard))`);
    this.addSql(countActiveJobsFunction(ACTIVE));
    this.addSql(
      'create trigger jobs_count_active_inserted after insert on catalog.jobs referencing new table as new_rows for each statement execute function catalog.count_active_jobs()',
    );
    this.addSql(
      'create trigger jobs_count_active_updated after update on catalog.jobs referencing old table as old_rows new table as new_rows for each statement execute function catalog.count_active_jobs()',
    );
    this.addSql(
      'create trigger jobs_count_active_deleted after delete on catalog.jobs referencing old table as old_rows for each statement execute function catalog.count_active_jobs()',
    );
    // After the triggers, in the same transaction: creating them locks out writes until the count is in.
    this.addSql(
      `insert into catalog.active_job_counts (user_id, shard, active) select user_id, ${SHARD}, count(*) from catalog.jobs where ${ACTIVE} group by 1, 2`,
    );
  }

  override async down(): Promise<void> {
    for (const name of ['inserted', 'updated', 'deleted'])
      this.addSql(`drop trigger jobs_count_active_${name} on catalog.jobs`);
    this.addSql('drop function catalog.count_active_jobs()');
    this.addSql('drop table catalog.active_job_counts');
  }
}
