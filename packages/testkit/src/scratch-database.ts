import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** Connection settings of the PostgreSQL the tests use (the DB_* variables, or the local defaults). */
export const testDatabaseEnv = {
  DB_HOST: process.env.DB_HOST ?? 'localhost',
  DB_PORT: process.env.DB_PORT ?? '5432',
  DB_USERNAME: process.env.DB_USERNAME ?? 'postgres',
  DB_PASSWORD: process.env.DB_PASSWORD ?? 'postgres',
};

/** A database of its own for one test file: the services create it on start-up; `drop()` removes it. */
export interface ScratchDatabase {
  name: string;
  /** DB_* variables pointing at it. */
  env: Record<string, string>;
  /** Runs SQL against it (for assertions). */
  query<R = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

export function scratchDatabase(prefix = 'chrono_test'): ScratchDatabase {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const connect = async (database: string) => {
    const client = new Client({
      host: testDatabaseEnv.DB_HOST,
      port: Number(testDatabaseEnv.DB_PORT),
      user: testDatabaseEnv.DB_USERNAME,
      password: testDatabaseEnv.DB_PASSWORD,
      database,
    });
    await client.connect();
    return client;
  };
  return {
    name,
    env: { ...testDatabaseEnv, DB_DATABASE: name },
    async query<R>(sql: string, params: unknown[] = []) {
      const client = await connect(name);
      try {
        return (await client.query(sql, params)).rows as R[];
      } finally {
        await client.end();
      }
    },
    async drop() {
      const client = await connect('postgres');
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
