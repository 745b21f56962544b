/**
 * An error answer of the REST API: `{"code", "message", "details"}` with the HTTP status of the gRPC
 * code. Messages start with the field they are about (`cronExpression "61 * * * *" is invalid: ...`,
 * `password must be at least 8 characters`), which is how the console finds the field to highlight.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** The field an INVALID_ARGUMENT names (`target.http.url`, `requests[0].name`), if any. */
  get field(): string | undefined {
    if (this.code !== INVALID_ARGUMENT) return undefined;
    return /^([a-zA-Z][\w]*(?:\[\d+\])?(?:\.[a-zA-Z]\w*)*)\b/.exec(this.message)?.[1];
  }
}

export const INVALID_ARGUMENT = 3;
export const UNAUTHENTICATED = 16;

/** What to show for any error: the server's message, or why the server could not be reached. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    // Most refusals say when to try again themselves; Retry-After says it for the others.
    const wait =
      error.retryAfterSeconds && !/try again/.test(error.message) ? ` (try again in ${error.retryAfterSeconds} s)` : '';
    return error.message + wait;
  }
  return `The server could not be reached: ${error instanceof Error ? error.message : String(error)}`;
}
