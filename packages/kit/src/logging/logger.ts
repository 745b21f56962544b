import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** A JSON logger (pino) whose every line carries the service name. Level from LOG_LEVEL (info). */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Secrets never belong in logs; this is a last line of defence, not the way to avoid logging them.
    redact: {
      paths: ['password', '*.password', 'passwordHash', '*.passwordHash', 'authorization', '*.authorization'],
      censor: '[redacted]',
    },
  });
}
