import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateAuthSchema } from './migration-20261129-create-auth-schema';

/** Every migration of the auth schema, oldest first. */
export const migrations: NamedMigration[] = [
  { name: 'Migration20261129CreateAuthSchema', class: Migration20261129CreateAuthSchema },
];
