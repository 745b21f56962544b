import { Migration } from '@mikro-orm/migrations';

/**
 * Runs of `allow` jobs still in flight after their schedule row moved on to the next occurrence: one
 * row per run until its last attempt is settled (see RunsInFlightStore). The sweep reads the runs
 * overdue or due to retry through the two partial indexes.
 */
export class Migration20261213RunsInFlight extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table scheduler.runs_in_flight (
      job_id uuid not null,
      run_id text not null,
      user_id uuid not null,
      attempt integer not null,
      retry_count integer not null,
      due_at timestamptz not null,
      dispatched_at timestamptz,
      deadline_at timestamptz,
      retry_at timestamptz,
      primary key (job_id, run_id))`);
    this.addSql(
      'create index runs_in_flight_deadline on scheduler.runs_in_flight (deadline_at) where deadline_at is not null',
    );
    this.addSql('create index runs_in_flight_retry on scheduler.runs_in_flight (retry_at) where retry_at is not null');
  }

  override async down(): Promise<void> {
    this.addSql('drop table scheduler.runs_in_flight');
  }
}
