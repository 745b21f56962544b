import type { Command } from 'commander';
import { configPath, readConfig, writeConfig } from '../config-file';
import { printRecord } from '../output';
import { formatTime } from '../time-format';
import { withClient } from '../with-client';
import type { SignedIn, User } from '@chrono/client';

const userLines = (user: User): [string, string][] => [
  ['id', user.id],
  ['email', user.email],
  ['name', user.name],
  ['created', formatTime(user.createdAt)],
];

/** Keeps the token (and who it belongs to) in the config file for the commands that follow. */
function remember({ user, accessToken, refreshToken }: SignedIn): void {
  writeConfig({ ...readConfig(), token: accessToken, refreshToken, email: user.email });
}

function forget(): void {
  const { token: _token, refreshToken: _refresh, email: _email, ...rest } = readConfig();
  writeConfig(rest);
}

/** `register`, `login`, `logout` and `whoami`. */
export function addAuthCommands(program: Command): void {
  program
    .command('register')
    .description('create an account and sign in as it')
    .requiredOption('--email <email>', 'the account email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .requiredOption('--name <name>', 'display name')
    .action(async (options: { email: string; password: string; name: string }, command: Command) => {
      await withClient(
        command,
        async (client, { output }) => {
          const signedIn = await client.auth.register(options);
          remember(signedIn);
          printRecord(signedIn.user, userLines(signedIn.user), output);
        },
        { signedOut: true },
      );
    });

  program
    .command('login')
    .description(`sign in; the token is kept in $CHRONO_CONFIG (now ${configPath()})`)
    .requiredOption('--email <email>', 'the account email')
    .requiredOption('--password <password>', 'its password')
    .action(async (options: { email: string; password: string }, command: Command) => {
      await withClient(
        command,
        async (client, { output }) => {
          const signedIn = await client.auth.login(options);
          remember(signedIn);
          printRecord(signedIn.user, userLines(signedIn.user), output);
        },
        { signedOut: true },
      );
    });

  program
    .command('logout')
    .description('end the session and forget the stored tokens (--all: every session of the user)')
    .option('--all', 'end every session of the user, on every device')
    .action(async (options: { all?: boolean }, command: Command) => {
      if (readConfig().token) {
        // Forgotten even when auth cannot be reached: the session then ends when its refresh token expires.
        await withClient(command, (client) => (options.all ? client.auth.logoutAll() : client.auth.logout())).catch(
          (error: Error) => process.stderr.write(`the session could not be ended on the server: ${error.message}\n`),
        );
      }
      forget();
      process.stderr.write('signed out\n');
    });

  program
    .command('whoami')
    .description('show the signed-in user')
    .action(async (_options: object, command: Command) => {
      if (!readConfig().token) throw new Error('not signed in: run chrono login --email E --password P');
      await withClient(command, async (client, { output }) => {
        const user = await client.auth.me();
        printRecord(user, userLines(user), output);
      });
    });
}
