import { Command, Option } from 'commander';
import type { Job, JobStatus, JobType } from '@chrono/client';
import { createInput, OVERLAP_POLICIES, type CreateFlags } from '../create-input';
import { executionColumns, jobColumns, jobLines } from '../job-views';
import { printRecord, printRows } from '../output';
import { parseTime } from '../time-input';
import { wholeNumber } from '../whole-number';
import { withClient } from '../with-client';
import { addOccurrencesCommand } from './occurrences-command';
import { addUpdateCommand } from './update-command';
import { addWatchCommand } from './watch-command';

const STATUSES: JobStatus[] = ['pending', 'running', 'paused', 'completed', 'failed', 'cancelled'];
const TYPES: JobType[] = ['one_time', 'recurring'];

/** `chrono jobs ...`: create, list, get, update, pause, resume, cancel, reschedule, delete, trigger, runs, occurrences and watch. */
export function addJobsCommands(program: Command): void {
  const jobs = program.command('jobs').description('create, list and manage your jobs');
  const showJob = (command: Command) => async (job: Job) =>
    printRecord(job, jobLines(job), command.optsWithGlobals<{ output: 'table' }>().output);

  jobs
    .command('create')
    .description('create a job that runs once (--at or --in) or recurs (--every or --cron)')
    .requiredOption('--name <name>', 'name, 1 to 200 characters')
    .option('--description <text>', 'free text')
    .option('--at <time>', 'when it runs (or first runs): 2026-01-16T02:00:00Z, "2026-01-16 02:00" (local) or now')
    .option('--in <duration>', 'when it runs, from now: 30s, 5m, 1h30m')
    .addOption(
      new Option('--every <pattern>', 'recur hourly, daily, weekly or monthly from the first run')
        .choices(['hourly', 'daily', 'weekly', 'monthly'])
        .conflicts('cron'),
    )
    .option('--cron <expression>', 'recur on a cron expression (5 fields, or 6 with seconds)')
    .option('--tz <zone>', 'IANA time zone of the cron expression (UTC by default)')
    .option('--payload <json>', 'a JSON object handed to the job')
    .option('--url <url>', 'call this URL (an http target) instead of the default handler')
    .option('--max-retries <n>', 'retries of a failed run, 0 to 20', wholeNumber)
    .option('--timeout <duration>', 'how long one attempt may run, e.g. 30s (60s by default)')
    .option('--catch-up-window <duration>', 'how far back missed runs still run, e.g. 1h (0s by default: run once)')
    .addOption(
      new Option('--overlap <policy>', 'what a run due while one is in flight does (skip by default)').choices(
        OVERLAP_POLICIES,
      ),
    )
    .action(async (flags: CreateFlags, command: Command) => {
      const input = createInput(flags);
      await withClient(command, async (client) => showJob(command)(await client.jobs.create(input)));
    });

  jobs
    .command('list')
    .description('list your jobs, newest first (the first 20 unless --all)')
    .addOption(new Option('--status <status>', 'only jobs in this status').choices(STATUSES))
    .addOption(new Option('--type <type>', 'only jobs of this type').choices(TYPES))
    .option('--all', 'every job, fetched page by page')
    .action(async (flags: { status?: JobStatus; type?: JobType; all?: boolean }, command: Command) => {
      await withClient(command, async (client, { output }) => {
        const filter = { status: flags.status, type: flags.type };
        const found: Job[] = [];
        if (flags.all) for await (const job of client.jobs.list(filter)) found.push(job);
        else found.push(...(await client.jobs.listPage({ ...filter, limit: 20 })).items);
        printRows(found, jobColumns, output);
      });
    });

  const byId = (name: string, description: string, act: (id: string, command: Command) => Promise<void>) =>
    jobs
      .command(`${name} <id>`)
      .description(description)
      .action((id: string, _flags: object, command: Command) => act(id, command));

  byId('get', 'show one job', (id, command) =>
    withClient(command, async (client) => showJob(command)(await client.jobs.get(id))),
  );
  addUpdateCommand(jobs, showJob);
  byId('pause', 'stop a job from running until resumed; it keeps its schedule', (id, command) =>
    withClient(command, async (client) => showJob(command)(await client.jobs.pause(id))),
  );
  byId('resume', 'run a paused job again on its schedule, catching up within its window', (id, command) =>
    withClient(command, async (client) => showJob(command)(await client.jobs.resume(id))),
  );
  byId('cancel', 'stop a job for good', (id, command) =>
    withClient(command, async (client) => showJob(command)(await client.jobs.cancel(id))),
  );
  byId('delete', 'remove a job and its history', (id, command) =>
    withClient(command, async (client) => {
      await client.jobs.delete(id);
      process.stderr.write(`deleted ${id}\n`);
    }),
  );
  byId('trigger', 'run a job now, outside its schedule', (id, command) =>
    withClient(command, async (client, { output }) => {
      const run = await client.jobs.trigger(id);
      printRecord(
        run,
        [
          ['job', run.jobId],
          ['run', run.runId],
          ['due at', run.dueAt.toISOString()],
        ],
        output,
      );
    }),
  );
  byId('runs', "list a job's attempts, newest first", (id, command) =>
    withClient(command, async (client, { output }) => {
      printRows((await client.jobs.executions(id, { limit: 100 })).items, executionColumns, output);
    }),
  );
  jobs
    .command('reschedule <id>')
    .description('move a job to a new time; it becomes pending again')
    .requiredOption('--at <time>', 'the new time: 2026-01-16T02:00:00Z, "2026-01-16 02:00" (local) or now')
    .action(async (id: string, flags: { at: string }, command: Command) => {
      const at = parseTime(flags.at, '--at');
      await withClient(command, async (client) => showJob(command)(await client.jobs.reschedule(id, at)));
    });
  addOccurrencesCommand(jobs);
  addWatchCommand(jobs);
}
