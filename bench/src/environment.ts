import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';
import { testDatabaseEnv } from '@chrono/testkit';
import type { Environment } from './report';

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return `${command}: unknown`;
  }
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

async function postgresVersion(): Promise<string> {
  const client = new Client({
    host: testDatabaseEnv.DB_HOST,
    port: Number(testDatabaseEnv.DB_PORT),
    user: testDatabaseEnv.DB_USERNAME,
    password: testDatabaseEnv.DB_PASSWORD,
    database: 'postgres',
  });
  await client.connect();
  try {
    const { rows } = await client.query<{ v: string; sc: string }>(
      "select current_setting('server_version') as v, current_setting('synchronous_commit') as sc",
    );
    return `PostgreSQL ${rows[0].v} (synchronous_commit ${rows[0].sc})`;
  } finally {
    await client.end();
  }
}

/** The machine (with its load average when the run began, `loadAtStart`, and now), the versions of everything measured, and how long the run took. */
export async function environment(beganMs: number, loadAtStart: number): Promise<Environment> {
  const cpu = cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; load average ${loadAtStart.toFixed(1)} when the run began, ${loadavg()[0].toFixed(1)} at its end`,
    versions: [
      `Node ${process.versions.node}`,
      await postgresVersion().catch(() => 'PostgreSQL: unknown'),
      version('redis-server', ['--version']).replace(/ sha=.*$/, ''),
      version('nats-server', ['--version']),
      `bullmq ${packageVersion('bullmq')}`,
      `graphile-worker ${packageVersion('graphile-worker')}`,
    ].join(', '),
    durationSeconds: (Date.now() - beganMs) / 1000,
  };
}
