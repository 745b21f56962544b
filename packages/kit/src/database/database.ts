import { Client } from 'pg';
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MigrationObject } from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { DatabaseSettings } from '../config/common-settings';
import { StartupError } from '../lifecycle/run-service';
import { registerPoolMetrics } from './pool-metrics';

export { MikroORM } from '@mikro-orm/postgresql';

/** A migration class with the name it is recorded under. */
export type NamedMigration = MigrationObject;

export interface OpenDatabaseOptions {
  settings: DatabaseSettings;
  /** The PostgreSQL schema the service owns; its tables and migration log live there. */
  schema: string;
  entities: EntitySchema[];
  /** Applied in order at start-up; each is recorded once. */
  migrations: NamedMigration[];
  log: Logger;
}

/**
 * Opens the service's database through MikroORM: creates the database when it does not exist (local
 * runs), then applies pending migrations under an advisory lock so that replicas starting together
 * migrate once. A PostgreSQL that cannot be reached is a StartupError naming host and port.
 */
export async function openDatabase({
  settings,
  schema,
  entities,
  migrations,
  log,
}: OpenDatabaseOptions): Promise<MikroORM> {
  await ensureDatabaseExists(settings);
  const orm = await MikroORM.init({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    dbName: settings.database,
    schema,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: settings.poolSize, acquireTimeoutMillis: 5000 },
    driverOptions: { connection: { connectionTimeoutMillis: 5000, statement_timeout: 30_000 } },
    migrations: {
      tableName: `${schema}.mikro_orm_migrations`,
      migrationsList: migrations,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    logger: (message) => log.debug({ orm: message }, 'mikro-orm'),
  });
  await withAdvisoryLock(settings, `migrate:${schema}`, async () => {
    const applied = await orm.getMigrator().up();
    if (applied.length) log.info({ schema, migrations: applied.map((m) => m.name) }, 'migrations applied');
  });
  registerPoolMetrics(orm);
  return orm;
}

/**
 * A NOTIFY sent on its own, outside any transaction (call it after the commit it announces). Losing
 * one is harmless: listeners also poll.
 */
export function notifyAfterCommit(orm: MikroORM): (channel: string, payload: string) => void {
  return (channel, payload) => {
    orm.em
      .fork()
      .execute('select pg_notify(?, ?)', [channel, payload])
      .catch(() => undefined);
  };
}

/** Resolves when PostgreSQL answers a query; for health probes. */
export async function pingDatabase(orm: MikroORM): Promise<void> {
  await orm.em.getConnection().execute('select 1');
}

/** Creates the configured database if it is missing; tolerates another process doing it at the same time. */
export async function ensureDatabaseExists(settings: DatabaseSettings): Promise<void> {
  const client = await connect({ ...settings, database: 'postgres' });
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [settings.database]);
    if (found.rowCount === 0) {
      await client
        .query(`create database "${settings.database.replace(/"/g, '""')}"`)
        .catch((error: { code?: string }) => {
          if (error.code !== '42P04' && error.code !== '23505') throw error;
        });
    }
  } finally {
    await client.end();
  }
}

/** Runs `fn` while holding a PostgreSQL session advisory lock named `key`. */
export async function withAdvisoryLock<T>(settings: DatabaseSettings, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await connect(settings);
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [key]);
    return await fn();
  } finally {
    await client.end();
  }
}

/**
 * A single connection (not from the pool) to the database the settings name, not yet connected: for
 * LISTEN, session-level advisory locks and other work that must keep one session.
 */
export function newDatabaseClient(settings: DatabaseSettings): Client {
  return new Client({
    host: settings.host,
    port: settings.port,
    user: settings.user,
    password: settings.password,
    database: settings.database,
    connectionTimeoutMillis: 5000,
  });
}

async function connect(settings: DatabaseSettings): Promise<Client> {
  const client = newDatabaseClient(settings);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StartupError(
      `cannot reach PostgreSQL at ${settings.host}:${settings.port} (database ${settings.database}): ${(error as Error).message || (error as { code?: string }).code}. ` +
        'Start it (for example `pg_ctlcluster 15 main start`) or set DB_HOST/DB_PORT.',
      error,
    );
  }
  return client;
}
