import { databaseRoles, roleLoginSql, schemaOwnershipSql } from './database-roles';

const GENERATED = '-- Generated from packages/contracts/src/access by `npm run access-files`; do not edit.';

/**
 * The services' login roles, for psql run by an administrator (the postgres image runs it once, from
 * /docker-entrypoint-initdb.d, on a new data directory). Each password comes from the environment
 * variable the role names (psql 15 or later for \getenv); an unset one stops the script.
 */
export function rolesSqlFile(): string {
  const variable = (role: string) => `${role}_password`;
  return [
    GENERATED,
    "-- The services' login roles; passwords from the environment of psql (the PostgreSQL container).",
    ...databaseRoles.map((entry) => `\\getenv ${variable(entry.role)} ${entry.passwordVariable}`),
    ...roleLoginSql(databaseRoles, (entry) => `:'${variable(entry.role)}'`),
    '',
  ].join('\n');
}

/** Each service's schema, owned by its role, and no rights for anyone else; for an administrator, in chrono's database. */
export function schemasSqlFile(): string {
  return [
    GENERATED,
    "-- Each service's role owns its schema and reaches nothing else. Idempotent; run as an administrator",
    "-- in chrono's database (also to move a database that one shared role used onto the per-service roles).",
    ...schemaOwnershipSql(databaseRoles),
    '',
  ].join('\n');
}
