// BullMQ's worker process: one Worker per run's queue, doing nothing with each job.
import { Worker } from 'bullmq';
import { serveOperations } from './worker-child';

const connection = { host: '127.0.0.1', port: Number(process.env.BENCH_REDIS_PORT), maxRetriesPerRequest: null };
const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY);
const workers = new Map<string, Worker>();

serveOperations({
  async start(queue: string) {
    const worker = new Worker(queue, async () => undefined, { connection, concurrency });
    worker.on('error', (error) => process.stderr.write(`bullmq worker: ${error.message}\n`));
    await worker.waitUntilReady();
    workers.set(queue, worker);
  },
  async close(queue: string) {
    await workers.get(queue)?.close();
    workers.delete(queue);
  },
  async stop() {
    await Promise.all([...workers.values()].map((worker) => worker.close()));
  },
});
