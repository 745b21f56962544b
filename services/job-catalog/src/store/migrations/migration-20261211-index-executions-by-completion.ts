import { Migration } from '@mikro-orm/migrations';

/**
 * A job's history lists attempts by when they ended, newest first: outcomes are recorded in batches
 * by concurrent workers, so the order rows were written in (created_at) need not be the order the
 * attempts ran in. This index serves the listing and the pruning of each job's history in that order.
 */
export class Migration20261211IndexExecutionsByCompletion extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create index job_executions_job_completed on catalog.job_executions (job_id, completed_at desc, id desc)',
    );
    this.addSql('drop index catalog.job_executions_job_created');
  }

  override async down(): Promise<void> {
    this.addSql('create index job_executions_job_created on catalog.job_executions (job_id, created_at desc, id desc)');
    this.addSql('drop index catalog.job_executions_job_completed');
  }
}
