import { Migration } from '@mikro-orm/migrations';

/**
 * The per-user run quota (MAX_RUNS_PER_USER_PER_MINUTE), shared by every replica: when each user's
 * bucket is full again, and on each schedule row the due time the quota already admitted.
 */
export class Migration20261210RunBudgets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table scheduler.run_budgets (
      user_id uuid primary key,
      -- null until the user's first run
      full_at timestamptz)`);
    this.addSql('alter table scheduler.schedules add column admitted_for timestamptz');
  }

  override async down(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop column admitted_for');
    this.addSql('drop table scheduler.run_budgets');
  }
}
