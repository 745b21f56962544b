import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateCatalogSchema } from './migration-20261129-create-catalog-schema';

/** Every migration of the catalog schema, oldest first. */
export const migrations: NamedMigration[] = [{ name: 'Migration20261129CreateCatalogSchema', class: Migration20261129CreateCatalogSchema }];
