// graphile-worker's worker process: one runner with a no-op task that notes when each job started.
import { Logger, run, type Runner } from 'graphile-worker';
import { serveOperations } from './worker-child';

/** The options the runner gets (also printed with the results). */
export function runnerOptions(concurrency: number, pollIntervalMs: number) {
  return {
    concurrency,
    maxPoolSize: Math.max(10, concurrency + 2),
    pollInterval: pollIntervalMs,
    preset: { worker: { localQueue: { size: concurrency }, completeJobBatchDelay: 0, failJobBatchDelay: 0 } },
  };
}

// Like LOG_LEVEL=warn for this system's services: no line per job.
const quiet = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') process.stderr.write(`graphile-worker: ${message}\n`);
});

if (require.main === module) {
  // Start times per run: [due, started] in epoch ms.
  const starts = new Map<string, Array<[number, number]>>();
  let runner: Runner | undefined;
  serveOperations({
    async start() {
      runner = await run({
        ...runnerOptions(Number(process.env.BENCH_WORKER_CONCURRENCY), Number(process.env.BENCH_POLL_INTERVAL_MS)),
        connectionString: process.env.BENCH_DATABASE_URL,
        noHandleSignals: true,
        logger: quiet,
        taskList: {
          noop: async (payload) => {
            const started = Date.now();
            const { run: name, due } = payload as { run: string; due: number };
            let list = starts.get(name);
            if (!list) starts.set(name, (list = []));
            list.push([due, started]);
          },
        },
      });
    },
    started(name: string) {
      return starts.get(name)?.length ?? 0;
    },
    report(name: string) {
      const list = starts.get(name) ?? [];
      starts.delete(name);
      return list;
    },
    async stop() {
      await runner?.stop();
    },
  });
}
