import { Migration } from '@mikro-orm/migrations';

/**
 * Leaves a fifth of each jobs page free. Recording an attempt's start or outcome (started_at,
 * completed_at, result, error_message) changes no indexed column, so with room on its page
 * PostgreSQL updates the row in place (a HOT update) instead of writing it again elsewhere with an
 * entry in each of the table's indexes; full pages ruled that out for every job created in bulk.
 * Pages written from now on keep the room.
 */
export class Migration20261212RoomForHotUpdates extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table catalog.jobs set (fillfactor = 80)');
  }

  override async down(): Promise<void> {
    this.addSql('alter table catalog.jobs reset (fillfactor)');
  }
}
