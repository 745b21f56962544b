import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseRoles, roleLoginSql, schemaOwnershipSql, type DatabaseRole } from '@chrono/contracts';
import { scratchDatabase, testDatabaseEnv, type ScratchDatabase } from '@chrono/testkit';

/**
 * The services' roles made the way the deploy files make them (the same SQL), in a database of their
 * own and under names of their own (roles belong to the whole PostgreSQL cluster), with a password.
 */
export class ServiceDatabaseRoles {
  private constructor(
    readonly database: ScratchDatabase,
    readonly roles: readonly DatabaseRole[],
    readonly password: string,
  ) {}

  static async create(): Promise<ServiceDatabaseRoles> {
    const suffix = randomBytes(4).toString('hex');
    const roles = databaseRoles.map((entry) => ({ ...entry, role: `${entry.role}_${suffix}` }));
    const made = new ServiceDatabaseRoles(scratchDatabase(), roles, randomBytes(12).toString('hex'));
    await made.asAdministrator('postgres', async (client) => {
      await client.query(`create database "${made.database.name}"`);
      for (const sql of roleLoginSql(roles, () => `'${made.password}'`)) await client.query(sql);
    });
    await made.asAdministrator(made.database.name, async (client) => {
      for (const sql of schemaOwnershipSql(roles)) await client.query(sql);
    });
    return made;
  }

  /** The role of `service`. */
  roleOf(service: string): DatabaseRole {
    return this.roles.find((entry) => entry.service === service) as DatabaseRole;
  }

  /** DB_* variables for `service`, connecting as its role. */
  envOf(service: string): Record<string, string> {
    return { ...this.database.env, DB_USERNAME: this.roleOf(service).role, DB_PASSWORD: this.password };
  }

  /** Runs `sql` as `service`'s role; rejects with PostgreSQL's error. */
  async queryAs(service: string, sql: string): Promise<unknown[]> {
    const client = this.client(this.roleOf(service).role, this.password, this.database.name);
    await client.connect();
    try {
      return (await client.query(sql)).rows;
    } finally {
      await client.end();
    }
  }

  /** Drops the database, then the roles (which own nothing elsewhere). */
  async drop(): Promise<void> {
    await this.database.drop();
    await this.asAdministrator('postgres', async (client) => {
      for (const { role } of this.roles) await client.query(`drop role if exists ${role}`);
    });
  }

  private async asAdministrator(database: string, fn: (client: Client) => Promise<void>): Promise<void> {
    const client = this.client(testDatabaseEnv.DB_USERNAME, testDatabaseEnv.DB_PASSWORD, database);
    await client.connect();
    try {
      await fn(client);
    } finally {
      await client.end();
    }
  }

  private client(user: string, password: string, database: string): Client {
    return new Client({
      host: testDatabaseEnv.DB_HOST,
      port: Number(testDatabaseEnv.DB_PORT),
      user,
      password,
      database,
    });
  }
}
