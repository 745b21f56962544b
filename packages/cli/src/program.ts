import { Command, Option } from 'commander';
import { addAuthCommands } from './commands/auth-commands';
import { addCompletionCommands } from './commands/completion-commands';
import { addJobsCommands } from './commands/jobs-commands';
import { addPreviewCommand } from './commands/preview-command';

/** The `chrono` command with every subcommand and the global options they share. */
export function buildProgram(): Command {
  const program = new Command('chrono')
    .description('chrono, the distributed job scheduler, from the command line')
    .addOption(
      new Option('-o, --output <format>', 'table for people, json or yaml for scripts')
        .choices(['table', 'json', 'yaml'])
        .default('table'),
    )
    .option('--auth-url <address>', 'AuthService address (or CHRONO_AUTH_URL; 127.0.0.1:50051)')
    .option('--job-catalog-url <address>', 'JobService address (or CHRONO_JOB_CATALOG_URL; 127.0.0.1:50052)')
    .option('--scheduler-url <address>', 'SchedulerService address (or CHRONO_SCHEDULER_URL; 127.0.0.1:50053)')
    .option('--api-key <key>', 'act with this API key instead of the stored session (or CHRONO_API_KEY)')
    .option('--tls', 'connect with TLS (or CHRONO_TLS=1)')
    .option('--ca <file>', 'CA certificate to trust, PEM (or CHRONO_CA_FILE); implies --tls')
    .option('--deadline <duration>', 'how long a call may take, e.g. 10s')
    .showHelpAfterError('(add --help for usage)')
    // Usage mistakes exit 2 rather than commander's 1, which chrono keeps for calls the services refuse (main.ts).
    .exitOverride();
  addAuthCommands(program);
  addJobsCommands(program);
  addPreviewCommand(program);
  addCompletionCommands(program);
  return program;
}
