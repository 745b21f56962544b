import type { Command } from 'commander';
import type { RecurrencePattern } from '@chrono/client';
import { Option } from 'commander';
import { printRows } from '../output';
import { formatTime } from '../time-format';
import { parseTime } from '../time-input';
import { UsageError } from '../usage-error';
import { withClient } from '../with-client';

/** `chrono preview`: the next run times of a cron expression or pattern, before a job uses it. */
export function addPreviewCommand(program: Command): void {
  program
    .command('preview')
    .description('show the next run times of a cron expression (or a pattern from --start)')
    .option('--cron <expression>', 'a cron expression (5 fields, or 6 with seconds)')
    .option('--tz <zone>', 'IANA time zone of the expression (UTC by default)')
    .addOption(new Option('--every <pattern>', 'a pattern instead').choices(['hourly', 'daily', 'weekly', 'monthly']))
    .option('--start <time>', 'the anchor of a pattern, and the time after which runs are listed (now)')
    .option('-n, --count <n>', 'how many run times, 1 to 100', '5')
    .action(
      async (
        flags: { cron?: string; tz?: string; every?: RecurrencePattern; start?: string; count: string },
        command: Command,
      ) => {
        if ((flags.cron === undefined) === (flags.every === undefined)) {
          throw new UsageError('give one schedule: --cron EXPR or --every PATTERN');
        }
        if (!/^\d+$/.test(flags.count)) throw new UsageError(`-n must be a whole number, got "${flags.count}"`);
        const start = flags.start === undefined ? undefined : parseTime(flags.start, '--start');
        await withClient(command, async (client, { output }) => {
          const runs = await client.schedules.preview({
            cronExpression: flags.cron,
            timezone: flags.tz,
            recurrencePattern: flags.every,
            start,
            count: Number(flags.count),
          });
          if (output !== 'table') printRows(runs, [], output);
          else printRows(runs, [{ heading: 'RUNS AT', cell: (run) => formatTime(run) }], output);
        });
      },
    );
}
