/** A mistake in the command line itself (a missing or malformed flag): exit code 2, with the message and no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
