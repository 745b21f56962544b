import type { NamedMigration } from '@chrono/kit';
import { Migration } from '@mikro-orm/migrations';

class Migration20261129CreateCatalogSchema extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists catalog');
  }
}

/** Every migration of the catalog schema, oldest first. */
export const migrations: NamedMigration[] = [{ name: 'Migration20261129CreateCatalogSchema', class: Migration20261129CreateCatalogSchema }];
