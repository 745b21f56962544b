import { Migration } from '@mikro-orm/migrations';
import { countActiveJobsFunction } from './migration-20261210-count-active-jobs';

/**
 * PauseJob and the catch-up window: the status `paused`, which counts against the active-jobs quota
 * like pending and running (a paused job runs again once resumed), and each job's catch-up window.
 * No job is paused before this migration, so the counts stay right as they are.
 */
export class Migration20261212PauseAndCatchUp extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table catalog.jobs drop constraint jobs_status_check');
    this.addSql(
      "alter table catalog.jobs add constraint jobs_status_check check (status in ('pending', 'running', 'paused', 'completed', 'failed', 'cancelled'))",
    );
    this.addSql(
      'alter table catalog.jobs add column catch_up_window_ms integer not null default 0 check (catch_up_window_ms >= 0)',
    );
    this.addSql(countActiveJobsFunction("status in ('pending', 'running', 'paused')"));
  }

  override async down(): Promise<void> {
    this.addSql(countActiveJobsFunction("status in ('pending', 'running')"));
    this.addSql('alter table catalog.jobs drop column catch_up_window_ms');
    this.addSql('alter table catalog.jobs drop constraint jobs_status_check');
    this.addSql(
      "alter table catalog.jobs add constraint jobs_status_check check (status in ('pending', 'running', 'completed', 'failed', 'cancelled'))",
    );
  }
}
