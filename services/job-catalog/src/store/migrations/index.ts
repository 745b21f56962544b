import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateCatalogSchema } from './migration-20261129-create-catalog-schema';
import { Migration20261201OutboxSetAside } from './migration-20261201-outbox-set-aside';

/** Every migration of the catalog schema, oldest first. */
export const migrations: NamedMigration[] = [
  { name: 'Migration20261129CreateCatalogSchema', class: Migration20261129CreateCatalogSchema },
  { name: 'Migration20261201OutboxSetAside', class: Migration20261201OutboxSetAside },
];
