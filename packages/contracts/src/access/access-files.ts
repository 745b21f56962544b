import { rolesSqlFile, schemasSqlFile } from './postgres-files';

/**
 * Every deploy file generated from the access rules, by its path from the repository root. `npm run
 * access-files` writes them; the deploy tests fail when a committed one differs.
 */
export function accessFiles(): Record<string, string> {
  const roles = rolesSqlFile();
  const schemas = schemasSqlFile();
  return {
    'deploy/docker/postgres/10-roles.sql': roles,
    'deploy/docker/postgres/20-schemas.sql': schemas,
    'deploy/k8s/overlays/dev/postgres/10-roles.sql': roles,
    'deploy/k8s/overlays/dev/postgres/20-schemas.sql': schemas,
    'deploy/k8s/dependencies/postgresql-schemas.sql': schemas,
  };
}
