import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { databaseRoles, natsUsers, redisUsers } from '@chrono/contracts';
import { repoRoot } from './support/components';
import { interpolateDefaults, type ComposeService } from './support/compose-file';

// docker compose runs each service as its own PostgreSQL role, NATS user and Redis user, with the
// passwords that PostgreSQL, NATS and Redis are given for them (packages/contracts/src/access).
const { services } = parse(readFileSync(path.join(repoRoot, 'docker-compose.yml'), 'utf8')) as {
  services: Record<string, ComposeService>;
};

function environment(name: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(services[name].environment ?? {}).map(([key, value]) => [key, interpolateDefaults(String(value))]),
  );
}

describe('docker compose: each service its own account', () => {
  it('logs each service in as its own PostgreSQL role, which the init scripts create with the same password', () => {
    const postgres = environment('postgres');
    expect(services.postgres.volumes).toContain('./deploy/docker/postgres:/docker-entrypoint-initdb.d:ro');
    for (const { service, role, passwordVariable } of databaseRoles) {
      const env = environment(service);
      expect([env.DB_USERNAME, env.DB_PASSWORD, env.DB_DATABASE]).toEqual([
        role,
        postgres[passwordVariable],
        postgres.POSTGRES_DB,
      ]);
      expect(env.DB_USERNAME).not.toBe(postgres.POSTGRES_USER);
    }
  });

  it('connects each service to NATS as its own user, with the password the server gives that user', () => {
    const nats = environment('nats');
    const passwordOf = (user: string) => nats[natsUsers.find((entry) => entry.user === user)!.passwordVariable];
    expect(services.nats.volumes).toContain('./deploy/docker/nats-users.conf:/etc/nats/nats-users.conf:ro');
    for (const name of ['job-catalog', 'scheduler', 'executor']) {
      const env = environment(name);
      expect([env.NATS_USER, env.NATS_PASSWORD]).toEqual([name, passwordOf(name)]);
    }
    const executor = environment('executor');
    expect([executor.NATS_TARGET_USER, executor.NATS_TARGET_PASSWORD]).toEqual([
      'executor-targets',
      passwordOf('executor-targets'),
    ]);
    for (const { passwordVariable } of natsUsers) expect(nats[passwordVariable]).toBeTruthy();
  });

  it('connects each service to Redis as its own ACL user, which the server starts with the same password', () => {
    const redis = environment('redis');
    expect(services.redis.volumes).toContain('./deploy/docker/redis-users.sh:/etc/redis/users.sh:ro');
    expect((services.redis.command as string[]).slice(0, 2)).toEqual(['sh', '/etc/redis/users.sh']);
    for (const { user, passwordVariable } of redisUsers) {
      const env = environment(user);
      expect([env.REDIS_USERNAME, env.REDIS_PASSWORD]).toEqual([user, redis[passwordVariable]]);
    }
  });
});
