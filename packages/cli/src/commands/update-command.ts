import { Command, Option } from 'commander';
import type { Job, OverlapPolicy, UpdateJobInput } from '@chrono/client';
import { OVERLAP_POLICIES, wholeSeconds } from '../create-input';
import { UsageError } from '../usage-error';
import { withClient } from '../with-client';
import { wholeNumber } from '../whole-number';

/** The flags of `chrono jobs update`, as commander hands them over. */
interface UpdateFlags {
  name?: string;
  description?: string;
  maxRetries?: number;
  timeout?: string;
  catchUpWindow?: string;
  overlap?: OverlapPolicy;
}

/** The changes the flags ask for; none at all is a UsageError, since the server would change nothing. */
export function updateInput(flags: UpdateFlags): UpdateJobInput {
  const changes: UpdateJobInput = {
    name: flags.name,
    description: flags.description,
    maxRetries: flags.maxRetries,
    timeoutSeconds: wholeSeconds(flags.timeout, '--timeout'),
    catchUpWindowSeconds: wholeSeconds(flags.catchUpWindow, '--catch-up-window'),
    overlapPolicy: flags.overlap,
  };
  const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
  if (Object.keys(given).length === 0) {
    throw new UsageError(
      'nothing to change: give --name, --description, --max-retries, --timeout, --catch-up-window or --overlap',
    );
  }
  return given;
}

/** `chrono jobs update <id>`: changes only the fields given (UpdateJob). */
export function addUpdateCommand(jobs: Command, showJob: (command: Command) => (job: Job) => Promise<void>): void {
  jobs
    .command('update <id>')
    .description('change some fields of a job; the others stay as they are')
    .option('--name <name>', 'new name, 1 to 200 characters')
    .option('--description <text>', 'new free text ("" clears it)')
    .option('--max-retries <n>', 'retries of a failed run, 0 to 20', wholeNumber)
    .option('--timeout <duration>', 'how long one attempt may run, e.g. 30s')
    .option('--catch-up-window <duration>', 'how far back missed runs still run, e.g. 1h (0s: run once)')
    .addOption(new Option('--overlap <policy>', 'what a run due while one is in flight does').choices(OVERLAP_POLICIES))
    .action(async (id: string, flags: UpdateFlags, command: Command) => {
      const changes = updateInput(flags);
      await withClient(command, async (client) => showJob(command)(await client.jobs.update(id, changes)));
    });
}
