import { Migration } from '@mikro-orm/migrations';

/**
 * The occurrence ledger: every occurrence a job was due for, once (the key is the job and the due
 * time, so a repeated report is a no-op), with what became of it. The key's index also serves
 * ListOccurrences (newest first) and the stats of GetJob (a range of due times of one job).
 */
export class Migration20261214OccurrenceLedger extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table catalog.job_occurrences (
      job_id uuid not null references catalog.jobs (id) on delete cascade,
      due_at timestamptz not null,
      run_id text,
      outcome text check (outcome in ('succeeded', 'failed', 'skipped', 'missed', 'cancelled')),
      dispatched_at timestamptz,
      started_at timestamptz,
      finished_at timestamptz,
      attempts integer not null default 0,
      primary key (job_id, due_at))`);
    // The pruner deletes by age across jobs (OCCURRENCE_RETENTION).
    this.addSql('create index job_occurrences_due on catalog.job_occurrences (due_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop table catalog.job_occurrences');
  }
}
