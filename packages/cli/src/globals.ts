import type { Command } from 'commander';
import type { GlobalOptions } from './connection';

/** The global options (output format, addresses, TLS) as a command's action sees them. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
