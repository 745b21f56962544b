import { Migration } from '@mikro-orm/migrations';

/**
 * When each attempt was due, as its dispatch request said, so that the history shows how late every
 * attempt started (recurring runs, retries and triggered runs included). Nullable: rows recorded before
 * have none. Adding a nullable column without a default rewrites nothing, so it is quick on a big table.
 */
export class Migration20261212ExecutionDueAt extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table catalog.job_executions add column due_at timestamptz null');
  }

  override async down(): Promise<void> {
    this.addSql('alter table catalog.job_executions drop column due_at');
  }
}
