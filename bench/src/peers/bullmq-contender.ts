import * as path from 'node:path';
import { Queue, type JobsOptions } from 'bullmq';
import type { Collected, Contender } from '../contender';
import type { ProcessGroups } from '../cpu-meter';
import { processMemory } from '../process-stats';
import { summarize, type JobTiming } from '../stats';
import { BullmqRecurring } from './bullmq-recurring';
import { PrivateRedisAof, REDIS_ARGS } from './private-redis-aof';
import { WorkerChild } from './worker-child';

const DAY_MS = 86_400_000;
const MONTH_MS = 30 * DAY_MS;
const CHUNK = 2000;

interface RunState {
  name: string;
  queue: Queue;
  /** Completed jobs of the queue before this run began (a queue shared by several runs). */
  baseline: number;
}

/**
 * BullMQ (Redis): delayed jobs (`delay` = due time minus now) on a queue per run, and a Worker in a
 * process of its own. Start and completion times are BullMQ's own `processedOn` and `finishedOn`,
 * read back from Redis, where completed jobs are kept.
 */
export class BullmqContender implements Contender {
  readonly name = 'BullMQ';
  readonly recurring: BullmqRecurring;
  private readonly runs = new Map<string, RunState>();
  private readonly queues = new Map<string, Queue>();
  /** After `fill`, every run uses the queue that holds the pending jobs. */
  private sharedQueue?: string;
  /** The queue of the API scenario. */
  private api?: Queue;

  private constructor(
    private readonly redis: PrivateRedisAof,
    private readonly worker: WorkerChild,
    private readonly concurrency: number,
  ) {
    this.recurring = new BullmqRecurring(redis.port, worker);
  }

  static async start(concurrency: number): Promise<BullmqContender> {
    const redis = await PrivateRedisAof.start();
    const worker = new WorkerChild(path.join(__dirname, 'bullmq-worker-process.js'), {
      BENCH_REDIS_PORT: String(redis.port),
      BENCH_WORKER_CONCURRENCY: String(concurrency),
    });
    return new BullmqContender(redis, worker, concurrency);
  }

  async begin(run: string): Promise<void> {
    const name = this.sharedQueue ?? run;
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, { connection: { host: '127.0.0.1', port: this.redis.port } });
      await queue.waitUntilReady();
      await this.worker.call('start', name);
      this.queues.set(name, queue);
    }
    this.runs.set(run, { name, queue, baseline: await queue.getCompletedCount() });
  }

  async create(run: string, dueTimes: number[]): Promise<void> {
    const { queue } = this.runs.get(run) as RunState;
    for (let i = 0; i < dueTimes.length; i += CHUNK) {
      await queue.addBulk(
        dueTimes.slice(i, i + CHUNK).map((due) => ({ name: run, data: { due }, opts: delayUntil(due) })),
      );
    }
  }

  async settled(run: string, count: number, dueMs: number): Promise<string | undefined> {
    const { queue, baseline } = this.runs.get(run) as RunState;
    const counts = await queue.getJobCounts('delayed', 'wait', 'active', 'completed');
    const held = Object.values(counts).reduce((a, b) => a + b, 0) - baseline;
    if (held < count) return `only ${held} of ${count} jobs were in Redis after addBulk`;
    return Date.now() > dueMs ? `the jobs were all added only ${Date.now() - dueMs} ms after the due time` : undefined;
  }

  async caughtUp(): Promise<void> {
    // Jobs are ready once the call that added them returns.
  }

  async collect(run: string, count: number, timeoutMs: number): Promise<Collected> {
    const { queue, baseline } = this.runs.get(run) as RunState;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && (await queue.getCompletedCount()) - baseline < count)
      await new Promise((resolve) => setTimeout(resolve, 200));
    const jobs = (await queue.getJobs(['completed'], 0, -1)).filter((job) => job.name === run);
    const timings: JobTiming[] = jobs.map((job) => ({
      dueMs: job.data.due as number,
      startedMs: job.processedOn ?? Number.NaN,
      recordedMs: job.finishedOn ?? Number.NaN,
    }));
    return {
      timings,
      stages: {
        'started → finished (processedOn → finishedOn)': summarize(timings.map((t) => t.recordedMs - t.startedMs)),
      },
      notes: [],
    };
  }

  async end(run: string): Promise<void> {
    const { name, queue } = this.runs.get(run) as RunState;
    this.runs.delete(run);
    if (name === this.sharedQueue) return;
    await this.worker.call('close', name);
    await queue.close();
    this.queues.delete(name);
  }

  /** Adds delayed jobs spread evenly over the next month, starting an hour from now, to the queue later runs use. */
  async fill(count: number, deadlineMs: number): Promise<number> {
    this.sharedQueue = 'scale';
    await this.begin('scale-fill');
    const start = Date.now() + 3_600_000;
    const step = (MONTH_MS - 3_600_000) / count;
    let i = 0;
    for (; i < count && Date.now() < deadlineMs; i += CHUNK) {
      const dues = Array.from({ length: Math.min(CHUNK, count - i) }, (_, k) => start + (i + k) * step);
      await this.create('scale-fill', dues);
    }
    await this.end('scale-fill');
    return Math.min(i, count);
  }

  async enqueueOne(i: number): Promise<void> {
    await this.apiQueue().add('api', { i }, { delay: DAY_MS });
  }

  processes(): ProcessGroups {
    return {
      'redis-server': this.redis.pid ? [this.redis.pid] : [],
      'worker process': this.worker.child.pid ? [this.worker.child.pid] : [],
    };
  }

  /** Resident memory of Redis and of the worker process, in MiB. */
  memory(): Record<string, number> {
    return {
      'redis-server RSS (MiB)': processMemory(this.redis.pid).rssMiB,
      'worker RSS (MiB)': processMemory(this.worker.child.pid).rssMiB,
    };
  }

  tuning(): string[] {
    return [
      `a private redis-server ${REDIS_ARGS.join(' ')} (BullMQ's advice for production: AOF persistence, noeviction)`,
      `one Worker per queue in a separate Node process, concurrency ${this.concurrency}, other options default (completed jobs kept, so their times can be read back)`,
      'jobs added with addBulk (chunks of 2000) or add, `delay` = due time − now; lateness = processedOn − due; recorded = finishedOn',
      "recurring jobs: a job scheduler each (`upsertJobScheduler`, pattern `* * * * * *`, tz UTC), removed with `removeJobScheduler`; due time = the repeat job id's timestamp",
    ];
  }

  async stop(): Promise<void> {
    await this.recurring.close();
    await Promise.all([...this.queues.values(), ...(this.api ? [this.api] : [])].map((queue) => queue.close()));
    await this.worker.stop();
    await this.redis.stop();
  }

  private apiQueue(): Queue {
    this.api ??= new Queue('api', { connection: { host: '127.0.0.1', port: this.redis.port } });
    return this.api;
  }
}

function delayUntil(dueMs: number): JobsOptions {
  return { delay: Math.max(0, dueMs - Date.now()) };
}
