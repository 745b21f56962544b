import type { Command } from 'commander';
import type { Occurrence } from '@chrono/client';
import { printRows, type Column } from '../output';
import { parseTime } from '../time-input';
import { formatTime } from '../time-format';
import { wholeNumber } from '../whole-number';
import { withClient } from '../with-client';

const occurrenceColumns: Column<Occurrence>[] = [
  { heading: 'DUE', cell: (o) => formatTime(o.dueAt) },
  { heading: 'OUTCOME', cell: (o) => o.outcome ?? 'in flight' },
  { heading: 'LATE', cell: (o) => (o.latenessMs === undefined ? '' : `${o.latenessMs} ms`) },
  { heading: 'ATTEMPTS', cell: (o) => (o.attempts.length > 0 ? String(o.attempts.length) : '') },
  { heading: 'RUN', cell: (o) => o.runId ?? '' },
];

interface OccurrenceFlags {
  from?: string;
  to?: string;
  limit?: number;
}

/** `chrono jobs occurrences <id>`: the job's occurrence ledger, newest first: what became of each time it was due. */
export function addOccurrencesCommand(jobs: Command): void {
  jobs
    .command('occurrences <id>')
    .description('what became of each time a job was due (run, skipped, missed), newest first')
    .option('--from <time>', 'only occurrences due at or after this time')
    .option('--to <time>', 'only occurrences due at or before this time')
    .option('--limit <n>', 'how many, 1 to 100 (20 by default)', wholeNumber)
    .action(async (id: string, flags: OccurrenceFlags, command: Command) => {
      const from = flags.from === undefined ? undefined : parseTime(flags.from, '--from');
      const to = flags.to === undefined ? undefined : parseTime(flags.to, '--to');
      await withClient(command, async (client, { output }) => {
        const page = await client.jobs.occurrences(id, { from, to, limit: flags.limit });
        printRows(page.items, occurrenceColumns, output);
      });
    });
}
