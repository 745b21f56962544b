import type { NamedMigration } from '@chrono/kit';
import { Migration20261129CreateAuthSchema } from './migration-20261129-create-auth-schema';
import { Migration20261204CreateSessions } from './migration-20261204-create-sessions';
import { Migration20261205CreateApiKeys } from './migration-20261205-create-api-keys';

/** Every migration of the auth schema, oldest first. */
export const migrations: NamedMigration[] = [
  { name: 'Migration20261129CreateAuthSchema', class: Migration20261129CreateAuthSchema },
  { name: 'Migration20261204CreateSessions', class: Migration20261204CreateSessions },
  { name: 'Migration20261205CreateApiKeys', class: Migration20261205CreateApiKeys },
];
