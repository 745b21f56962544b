import type { NamedMigration } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

class Migration20261129CreateSchedulerSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists scheduler');
  }
}

/** Every migration of the scheduler schema, oldest first. */
export const migrations: NamedMigration[] = [{ name: 'Migration20261129CreateSchedulerSchema', class: Migration20261129CreateSchedulerSchema }];
