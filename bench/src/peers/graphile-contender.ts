import * as path from 'node:path';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { Client } from 'pg';
import { scratchDatabase, testDatabaseEnv, type ScratchDatabase } from '@chrono/testkit';
import type { Collected, Contender } from '../contender';
import type { ProcessGroups } from '../cpu-meter';
import { pidsMatching, processMemory } from '../process-stats';
import type { JobTiming } from '../stats';
import { runnerOptions } from './graphile-worker-process';
import { WorkerChild } from './worker-child';

const DAY_MS = 86_400_000;
const CHUNK = 2000;
/** pollInterval: how often the worker looks for jobs that came due (jobs due at once are announced by NOTIFY). */
export const POLL_INTERVAL_MS = 100;

/**
 * graphile-worker (PostgreSQL), in a database of its own: jobs added with `run_at` = due time, a
 * runner in a process of its own with a no-op task that notes its start time. A completed job's row
 * is deleted, so its completion is recorded when its row is gone; the bench polls for that.
 */
export class GraphileContender implements Contender {
  readonly name = 'graphile-worker';
  readonly recurring =
    'its crontab has minute granularity (5 fields, no seconds), so it cannot run a job every second; the bench does not emulate that with jobs that enqueue their successor';
  private readonly runs = new Map<string, string[]>();

  private constructor(
    private readonly database: ScratchDatabase,
    private readonly utils: WorkerUtils,
    private readonly worker: WorkerChild,
    private readonly concurrency: number,
  ) {}

  static async start(concurrency: number): Promise<GraphileContender> {
    const database = scratchDatabase('chrono_bench_gw');
    const admin = new Client({
      host: testDatabaseEnv.DB_HOST,
      port: Number(testDatabaseEnv.DB_PORT),
      user: testDatabaseEnv.DB_USERNAME,
      password: testDatabaseEnv.DB_PASSWORD,
      database: 'postgres',
    });
    await admin.connect();
    await admin.query(`create database "${database.name}"`).finally(() => admin.end());
    const connectionString = `postgres://${testDatabaseEnv.DB_USERNAME}:${testDatabaseEnv.DB_PASSWORD}@${testDatabaseEnv.DB_HOST}:${testDatabaseEnv.DB_PORT}/${database.name}`;
    // The enqueueing side gets a pool as large as the API scenario's concurrency, as a web tier would.
    const utils = await makeWorkerUtils({ connectionString, maxPoolSize: 20 });
    await utils.migrate();
    const worker = new WorkerChild(path.join(__dirname, 'graphile-worker-process.js'), {
      BENCH_DATABASE_URL: connectionString,
      BENCH_WORKER_CONCURRENCY: String(concurrency),
      BENCH_POLL_INTERVAL_MS: String(POLL_INTERVAL_MS),
    });
    await worker.call('start');
    return new GraphileContender(database, utils, worker, concurrency);
  }

  async begin(run: string): Promise<void> {
    this.runs.set(run, []);
  }

  async create(run: string, dueTimes: number[]): Promise<void> {
    const ids = this.runs.get(run) as string[];
    for (let i = 0; i < dueTimes.length; i += CHUNK) {
      const jobs = await this.utils.addJobs(
        dueTimes
          .slice(i, i + CHUNK)
          .map((due) => ({ identifier: 'noop', payload: { run, due }, runAt: new Date(due) })),
      );
      ids.push(...jobs.map((job) => job.id));
    }
  }

  async settled(_run: string, _count: number, dueMs: number): Promise<string | undefined> {
    return Date.now() > dueMs ? `the jobs were all added only ${Date.now() - dueMs} ms after the due time` : undefined;
  }

  async caughtUp(): Promise<void> {
    // Jobs are ready once the call that added them returns.
  }

  async collect(run: string, count: number, timeoutMs: number): Promise<Collected> {
    const ids = this.runs.get(run) as string[];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (await this.worker.call<number>('started', run)) < count)
      await new Promise((resolve) => setTimeout(resolve, 100));
    // Every task has run; the last completion is recorded when the last row is gone (polled every 10 ms).
    let recordedMs = Number.NaN;
    while (Date.now() < deadline) {
      const [{ n }] = await this.database.query<{ n: number }>(
        'select count(*)::int as n from graphile_worker._private_jobs where id = any($1::bigint[])',
        [ids],
      );
      if (n === 0) {
        recordedMs = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    const starts = await this.worker.call<Array<[number, number]>>('report', run);
    const timings: JobTiming[] = starts.map(([dueMs, startedMs]) => ({ dueMs, startedMs, recordedMs }));
    const notes = [
      "last completion: the first 10 ms poll that found none of the run's job rows left (graphile-worker deletes a job when it completes)",
    ];
    return { timings: Number.isNaN(recordedMs) ? [] : timings, stages: {}, notes };
  }

  async end(run: string): Promise<void> {
    this.runs.delete(run);
  }

  /** Adds jobs spread evenly over the next month, starting an hour from now, with graphile_worker.add_jobs in chunks. */
  async fill(count: number, deadlineMs: number): Promise<number> {
    const chunk = 50_000;
    let first = 0;
    for (; first < count && Date.now() < deadlineMs; first += chunk) {
      await this.database.query(
        `select graphile_worker.add_jobs(array(
           select row('noop', json_build_object('run', 'fill', 'due', 0), null, now() + interval '1 hour' + (g * (interval '30 days' - interval '1 hour') / $3), null, null, null, null)::graphile_worker.job_spec
           from generate_series($1::int, $2::int) g))`,
        [first, Math.min(count, first + chunk) - 1, count],
      );
    }
    await this.database.query('vacuum analyze graphile_worker._private_jobs');
    return Math.min(first, count);
  }

  async enqueueOne(i: number): Promise<void> {
    await this.utils.addJob('noop', { run: 'api', due: i }, { runAt: new Date(Date.now() + DAY_MS) });
  }

  processes(): ProcessGroups {
    return {
      'worker process': this.worker.child.pid ? [this.worker.child.pid] : [],
      'postgres (its backends)': pidsMatching('postgres: ', ` ${this.database.name} `),
    };
  }

  memory(): Record<string, number> {
    return { 'worker RSS (MiB)': processMemory(this.worker.child.pid).rssMiB };
  }

  tuning(): string[] {
    const options = runnerOptions(this.concurrency, POLL_INTERVAL_MS);
    return [
      `a database of its own on the same PostgreSQL; runner in a separate Node process: concurrency ${options.concurrency}, maxPoolSize ${options.maxPoolSize} (its advice: concurrency + 2), pollInterval ${options.pollInterval} ms (default 2000)`,
      `the enqueueing side (WorkerUtils) has a pool of 20 connections; batching as its performance guide suggests: localQueue.size ${options.preset.worker.localQueue.size}, completeJobBatchDelay 0, failJobBatchDelay 0; a logger that drops info lines (no line per job)`,
      'jobs added with addJobs (chunks of 2000) or addJob, run_at = due time; jobs due now are announced by LISTEN/NOTIFY, jobs due later are found by polling; lateness = task start − due',
    ];
  }

  async stop(): Promise<void> {
    await this.worker.stop();
    await this.utils.release();
    await this.database.drop();
  }
}
