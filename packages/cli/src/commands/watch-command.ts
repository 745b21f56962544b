import type { Command } from 'commander';
import type { ChronoClient, Job, JobExecution } from '@chrono/client';
import { parseDuration } from '../durations';
import { machineReadable, statusText } from '../output';
import { formatTime } from '../time-format';
import { withClient } from '../with-client';

/** `chrono jobs watch ID`: prints the job's status as it changes and each new attempt, until Ctrl-C. */
export function addWatchCommand(jobs: Command): void {
  jobs
    .command('watch <id>')
    .description('follow a job: its status and new attempts as they come, until Ctrl-C')
    .option('--interval <duration>', 'how often to ask', '1s')
    .action(async (id: string, flags: { interval: string }, command: Command) => {
      const intervalMs = parseDuration(flags.interval, '--interval');
      await withClient(command, async (client, { output }) => {
        // JSON as one line per event (NDJSON), YAML as one document per event, so that a script can read them as they come.
        const print = (event: object, line: string) => {
          if (output === 'table') process.stdout.write(`${line}\n`);
          else if (output === 'json') process.stdout.write(`${JSON.stringify(event)}\n`);
          else process.stdout.write(`---\n${machineReadable(event, 'yaml')}`);
        };
        await follow(client, id, intervalMs, {
          status: (job) =>
            print(
              { job },
              `${new Date().toLocaleTimeString()}  job ${statusText(job.status)}  next run ${formatTime(job.nextRunAt) || 'none'}`,
            ),
          execution: (run) =>
            print(
              { execution: run },
              `${new Date().toLocaleTimeString()}  attempt ${run.attemptNumber} ${statusText(run.status)}${run.errorMessage ? `: ${run.errorMessage}` : ''}`,
            ),
        });
      });
    });
}

interface Listener {
  status(job: Job): void;
  execution(run: JobExecution): void;
}

/** Polls the job and its newest attempts until SIGINT or SIGTERM; resolves then (exit code 0). */
async function follow(client: ChronoClient, id: string, intervalMs: number, on: Listener): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const seen = new Set<string>();
  let lastState = '';
  try {
    while (!stop.signal.aborted) {
      const job = await client.jobs.get(id);
      const state = `${job.status} ${job.nextRunAt?.getTime()}`;
      if (state !== lastState) on.status(job);
      lastState = state;
      const { items } = await client.jobs.executions(id, { limit: 20 });
      for (const run of items.reverse()) if (!seen.has(run.id) && seen.add(run.id)) on.execution(run);
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        stop.signal.addEventListener('abort', () => resolve(clearTimeout(timer)), { once: true });
      });
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
