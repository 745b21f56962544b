import type { ChronoClient } from '@chrono/client';
import type { Command } from 'commander';
import { connect, type GlobalOptions } from './connection';
import { globalsOf } from './globals';

/** Runs `use` with a client made from the command's global options, and closes it afterwards. */
export async function withClient(
  command: Command,
  use: (client: ChronoClient, options: GlobalOptions) => Promise<void>,
  { signedOut = false } = {},
): Promise<void> {
  const options = globalsOf(command);
  const client = connect(options, { signedOut });
  try {
    await use(client, options);
  } finally {
    client.close();
  }
}
