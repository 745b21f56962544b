import { Migration } from '@mikro-orm/migrations';

/** Retention deletes the oldest history rows first; this index finds them without reading the rest. */
export class Migration20261210IndexExecutionsByAge extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index job_executions_created on catalog.job_executions (created_at)');
  }

  override async down(): Promise<void> {
    this.addSql('drop index catalog.job_executions_created');
  }
}
