import { Migration } from '@mikro-orm/migrations';

/**
 * Each job's overlap policy (`skip` for every job before it, today's behaviour), and the execution
 * status `cancelled`: an attempt cancelled because the job's next occurrence came due while it ran.
 * A column with a constant default is added without rewriting the table.
 */
export class Migration20261213OverlapPolicy extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      "alter table catalog.jobs add column overlap_policy text not null default 'skip' check (overlap_policy in ('skip', 'buffer_one', 'cancel_previous', 'allow'))",
    );
    this.addSql('alter table catalog.job_executions drop constraint job_executions_status_check');
    this.addSql(
      "alter table catalog.job_executions add constraint job_executions_status_check check (status in ('success', 'failed', 'cancelled'))",
    );
  }

  override async down(): Promise<void> {
    this.addSql("delete from catalog.job_executions where status = 'cancelled'");
    this.addSql('alter table catalog.job_executions drop constraint job_executions_status_check');
    this.addSql(
      "alter table catalog.job_executions add constraint job_executions_status_check check (status in ('success', 'failed'))",
    );
    this.addSql('alter table catalog.jobs drop column overlap_policy');
  }
}
