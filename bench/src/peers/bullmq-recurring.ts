import { Queue } from 'bullmq';
import type { RecurringDriver } from '../contender';
import type { RecurringRun } from '../recurring-stats';
import type { WorkerChild } from './worker-child';

/**
 * BullMQ's recurring jobs: one job scheduler per job (`Queue.upsertJobScheduler` with the pattern
 * `* * * * * *` in UTC, BullMQ 5.16+'s replacement for `repeat` options), on a queue of the run's
 * own that the worker process serves; stopped with `removeJobScheduler`, which also removes the
 * next delayed job. A run's occurrence is in its job id, `repeat:<scheduler id>:<due ms>`; its start
 * is `processedOn`. Completed jobs are kept (the default), so every run can be read back.
 */
export class BullmqRecurring implements RecurringDriver {
  private readonly queues = new Map<string, { queue: Queue; schedulers: string[] }>();

  constructor(
    private readonly redisPort: number,
    private readonly worker: WorkerChild,
  ) {}

  async start(run: string, jobs: number, firstDueMs: number): Promise<void> {
    const queue = new Queue(run, { connection: { host: '127.0.0.1', port: this.redisPort } });
    await queue.waitUntilReady();
    await this.worker.call('start', run);
    const schedulers = Array.from({ length: jobs }, (_, i) => `${run}-${i}`);
    this.queues.set(run, { queue, schedulers });
    for (const id of schedulers)
      await queue.upsertJobScheduler(
        id,
        { pattern: '* * * * * *', tz: 'UTC', startDate: firstDueMs },
        { name: run, data: {} },
      );
  }

  async stop(run: string): Promise<void> {
    const { queue, schedulers } = this.state(run);
    for (const id of schedulers) await queue.removeJobScheduler(id);
  }

  recorded(run: string): Promise<number> {
    return this.state(run).queue.getCompletedCount();
  }

  async collect(run: string): Promise<{ runs: RecurringRun[]; notes: string[] }> {
    const { queue } = this.state(run);
    const completed = await queue.getJobs(['completed'], 0, -1);
    const failed = await queue.getFailedCount();
    const runs = completed.map((job) => {
      const due = Number(job.id?.slice(job.id.lastIndexOf(':') + 1));
      return {
        job: job.repeatJobKey ?? String(job.id),
        dueMs: Number.isFinite(due) && due > 0 ? due : undefined,
        startedMs: job.processedOn ?? Number.NaN,
      };
    });
    await this.worker.call('close', run);
    await queue.obliterate({ force: true });
    await queue.close();
    this.queues.delete(run);
    return { runs, notes: failed > 0 ? [`${failed} runs failed`] : [] };
  }

  /** Closes the queues of runs that did not get to `collect` (a run stopped early). */
  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map(({ queue }) => queue.close()));
    this.queues.clear();
  }

  private state(run: string) {
    const state = this.queues.get(run);
    if (!state) throw new Error(`no recurring run ${run}`);
    return state;
  }
}
