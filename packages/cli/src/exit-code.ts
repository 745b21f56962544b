import { ChronoError, DeadlineExceededError, UnavailableError } from '@chrono/client';
import { CommanderError } from 'commander';
import { UsageError } from './usage-error';

/** Exit codes: 0 done, 1 a call the services refused (or could not answer), 2 a usage mistake. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const UNREACHABLE_HINT =
  'chrono: is the service running where --auth-url, --job-catalog-url and --scheduler-url (or CHRONO_*_URL) point?';

const HELP_CODES = new Set(['commander.helpDisplayed', 'commander.version', 'commander.help']);

/**
 * What to print on stderr and the exit code for an error out of a command. Commander has printed its own
 * usage errors already; everything else gets one line with the message and never a stack trace.
 */
export function exitFor(error: unknown): { message?: string; code: number } {
  if (error instanceof CommanderError) {
    return { code: HELP_CODES.has(error.code) && error.exitCode === 0 ? EXIT.ok : EXIT.usage };
  }
  if (error instanceof UsageError) return { message: `chrono: ${error.message}`, code: EXIT.usage };
  // gRPC's own text for these ("Waiting for LB pick") does not say what to check.
  if (error instanceof DeadlineExceededError || error instanceof UnavailableError) {
    return { message: `chrono: ${error.message}\n${UNREACHABLE_HINT}`, code: EXIT.refused };
  }
  if (error instanceof ChronoError) return { message: `chrono: ${error.message}`, code: EXIT.refused };
  return { message: `chrono: ${error instanceof Error ? error.message : String(error)}`, code: EXIT.refused };
}
