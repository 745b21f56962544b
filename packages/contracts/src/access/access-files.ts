import { natsAuthorizationConf } from './nats-users';
import { rolesSqlFile, schemasSqlFile } from './postgres-files';
import { redisUsersScript } from './redis-users';

/**
 * Every deploy file generated from the access rules, by its path from the repository root. `npm run
 * access-files` writes them; the deploy tests fail when a committed one differs.
 */
export function accessFiles(): Record<string, string> {
  const roles = rolesSqlFile();
  const schemas = schemasSqlFile();
  const natsUsers = [
    '# Generated from packages/contracts/src/access by `npm run access-files`; do not edit.',
    "# The services' NATS users and what each may publish and subscribe to; passwords from the server's",
    '# environment. Included by nats.conf.',
    natsAuthorizationConf(),
  ].join('\n');
  return {
    'deploy/docker/postgres/10-roles.sql': roles,
    'deploy/docker/postgres/20-schemas.sql': schemas,
    'deploy/k8s/overlays/dev/postgres/10-roles.sql': roles,
    'deploy/k8s/overlays/dev/postgres/20-schemas.sql': schemas,
    'deploy/k8s/dependencies/postgresql-schemas.sql': schemas,
    'deploy/docker/nats-users.conf': natsUsers,
    'deploy/k8s/overlays/dev/nats-users.conf': natsUsers,
    'deploy/k8s/dependencies/nats-users.conf': natsUsers,
    'deploy/docker/redis-users.sh': redisUsersScript(),
    'deploy/k8s/overlays/dev/redis-users.sh': redisUsersScript(),
  };
}
