import { ConfigError } from '../config/env-reader';
import { startTracing, stopTracing } from '../tracing/tracing';

/**
 * A dependency that could not be reached, or does not fit the configuration, at start-up; its message
 * says which and how to fix it. `exitCode` is 1 for a dependency that may come up by itself (a
 * supervisor restarts the service) and 78 (EX_CONFIG) for a mismatch someone has to fix.
 */
export class StartupError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}

/** What a started service hands back: how to stop it, and how long that may take. */
export interface RunningService {
  stop(): Promise<void>;
  /** Hard limit for a graceful stop in ms, when the service knows better than `runService`'s option. */
  stopTimeoutMs?: number;
}

export interface RunServiceOptions {
  /** Hard limit for a graceful stop in ms (default 15000); past it the process exits anyway. */
  stopTimeoutMs?: number;
}

/**
 * Runs a service's start function as the process's main program. A configuration or start-up error
 * prints one clear line (no stack trace) and exits non-zero; SIGTERM or SIGINT stops the service
 * gracefully within `stopTimeoutMs`; a second signal exits at once. Tracing starts before the start
 * function when the OTEL_* variables ask for it (startTracing, `name` being the default service name),
 * and its last spans are exported once the service has stopped.
 */
export function runService(
  name: string,
  start: () => Promise<RunningService>,
  { stopTimeoutMs = 15_000 }: RunServiceOptions = {},
): void {
  let stopping = false;
  startTracing(name);
  start().then(
    (service) => {
      const limitMs = service.stopTimeoutMs ?? stopTimeoutMs;
      const stop = (signal: string) => {
        if (stopping) process.exit(130);
        stopping = true;
        process.stderr.write(`${name}: ${signal} received, stopping\n`);
        const deadline = setTimeout(() => {
          process.stderr.write(`${name}: did not stop within ${limitMs} ms, exiting\n`);
          process.exit(1);
        }, limitMs);
        deadline.unref();
        service
          .stop()
          .then(() => stopTracing())
          .then(
            () => process.exit(0),
            (error: unknown) => {
              process.stderr.write(`${name}: error while stopping: ${describe(error)}\n`);
              process.exit(1);
            },
          );
      };
      process.on('SIGTERM', () => stop('SIGTERM'));
      process.on('SIGINT', () => stop('SIGINT'));
    },
    (error: unknown) => {
      if (error instanceof ConfigError || error instanceof StartupError) {
        process.stderr.write(`${name}: ${error.message}\n`);
      } else {
        process.stderr.write(
          `${name}: failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      }
      process.exit(error instanceof ConfigError ? 78 : error instanceof StartupError ? error.exitCode : 1);
    },
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
