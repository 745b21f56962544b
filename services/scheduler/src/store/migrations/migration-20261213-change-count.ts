import { Migration } from '@mikro-orm/migrations';

/**
 * Counts each schedule row's changes (claims and dispatch records excluded), so that a REVOKE can name
 * the change it announces and drop only claims read before it.
 */
export class Migration20261213ChangeCount extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table scheduler.schedules add column change_count bigint not null default 0');
  }

  override async down(): Promise<void> {
    this.addSql('alter table scheduler.schedules drop column change_count');
  }
}
