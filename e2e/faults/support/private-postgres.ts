import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { accepts, freePort, waitFor } from '@chrono/testkit';

/** Where PostgreSQL's server programs are: PG_BIN, or the newest /usr/lib/postgresql/<version>/bin. */
function serverBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const versions = readdirSync('/usr/lib/postgresql').filter((name) =>
    existsSync(`/usr/lib/postgresql/${name}/bin/postgres`),
  );
  if (versions.length === 0) throw new Error('no PostgreSQL server under /usr/lib/postgresql; set PG_BIN');
  return `/usr/lib/postgresql/${versions.sort((a, b) => Number(b) - Number(a))[0]}/bin`;
}

// initdb and postgres refuse to run as root; as root, the cluster belongs to the postgres account.
function clusterOwner(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  };
}

/**
 * A PostgreSQL cluster of a test's own, made by initdb in a temporary folder, on a free port on
 * 127.0.0.1 with trust authentication, which the test may crash and start again (its data survive).
 * The shared PostgreSQL on 5432 must stay up for every other test.
 */
export class PrivatePostgres {
  private child?: ChildProcess;
  private output = '';

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly owner?: { uid: number; gid: number },
  ) {}

  static async start(): Promise<PrivatePostgres> {
    const dir = mkdtempSync(path.join(tmpdir(), 'chrono-pg-'));
    const owner = clusterOwner();
    if (owner) chownSync(dir, owner.uid, owner.gid);
    const dataDir = path.join(dir, 'data');
    execFileSync(
      path.join(serverBinDir(), 'initdb'),
      ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'],
      { ...owner, stdio: 'pipe' },
    );
    const postgres = new PrivatePostgres(await freePort(), dataDir, owner);
    await postgres.restart();
    return postgres;
  }

  /** DB_* variables pointing at `database` in this cluster (services create it on start-up). */
  env(database = 'chrono'): Record<string, string> {
    return {
      DB_HOST: '127.0.0.1',
      DB_PORT: String(this.port),
      DB_USERNAME: 'postgres',
      DB_PASSWORD: 'postgres',
      DB_DATABASE: database,
    };
  }

  /** Runs SQL against `database` (for assertions). */
  async query<R = Record<string, unknown>>(sql: string, params: unknown[] = [], database = 'chrono'): Promise<R[]> {
    const client = new Client({ host: '127.0.0.1', port: this.port, user: 'postgres', database });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as R[];
    } finally {
      await client.end();
    }
  }

  /** (Re)starts the server on the same port and data, and waits until it accepts connections. */
  async restart(): Promise<void> {
    const settings = [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${path.dirname(this.dataDir)}`,
      '-c',
      'fsync=off',
      '-c',
      'max_connections=200',
    ];
    const child = spawn(
      path.join(serverBinDir(), 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port), ...settings],
      { ...this.owner, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.child = child;
    await waitFor(
      async () => {
        if (child.exitCode !== null)
          throw new Error(`postgres exited with ${child.exitCode}: ${this.output.slice(-2000)}`);
        return (
          (await accepts(this.port)) &&
          (await this.query('select 1', [], 'postgres').then(
            () => true,
            () => false,
          ))
        );
      },
      { timeoutMs: 30_000, what: `postgres on ${this.port}` },
    );
  }

  /**
   * Crashes the server: SIGQUIT is PostgreSQL's immediate shutdown, which ends every backend at once
   * without a checkpoint, so the next start runs crash recovery. Resolves once it has exited.
   */
  async crash(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    await exited;
  }

  /** Crashes the server and removes its data. */
  async stop(): Promise<void> {
    await this.crash();
    rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }
}
