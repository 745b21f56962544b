import { Migration } from '@mikro-orm/migrations';

/**
 * Paused rows (state `paused`, never claimed: the claim query and its partial index read only
 * `scheduled` rows), each job's catch-up window and its catch-up runs in a row.
 */
export class Migration20261212PauseAndCatchUp extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop constraint schedules_state_check');
    this.addSql(
      "alter table scheduler.schedules add constraint schedules_state_check check (state in ('scheduled', 'dispatched', 'paused', 'idle', 'deleted'))",
    );
    this.addSql('alter table scheduler.schedules add column catch_up_window_ms integer not null default 0');
    this.addSql('alter table scheduler.schedules add column catch_up_runs integer not null default 0');
  }

  override async down(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop column catch_up_runs');
    this.addSql('alter table scheduler.schedules drop column catch_up_window_ms');
    this.addSql('alter table scheduler.schedules drop constraint schedules_state_check');
    this.addSql(
      "alter table scheduler.schedules add constraint schedules_state_check check (state in ('scheduled', 'dispatched', 'idle', 'deleted'))",
    );
  }
}
