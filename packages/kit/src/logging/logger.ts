import pino, { type Logger } from 'pino';
import { traceLogFields } from '../tracing/spans';
import { tracingEnabled } from '../tracing/tracing';

export type { Logger } from 'pino';

/**
 * A JSON logger (pino) whose every line carries the service name, and, while tracing is on (start it
 * first: runService does), the `trace_id` and `span_id` of the span active where it is written.
 * Level from LOG_LEVEL (info).
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Without tracing no mixin at all: pino then spends nothing per line on it.
    ...(tracingEnabled() && { mixin: traceLogFields }),
    // Secrets never belong in logs; this is a last line of defence, not the way to avoid logging them.
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
