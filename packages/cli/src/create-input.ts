import type { CreateJobInput, OverlapPolicy, RecurrencePattern } from '@chrono/client';
import { parseDuration } from './durations';
import { runTime } from './time-input';
import { UsageError } from './usage-error';

/** The flags of `chrono jobs create`, as commander hands them over. */
export interface CreateFlags {
  name: string;
  description?: string;
  at?: string;
  in?: string;
  every?: RecurrencePattern;
  cron?: string;
  tz?: string;
  payload?: string;
  url?: string;
  maxRetries?: number;
  timeout?: string;
  catchUpWindow?: string;
  overlap?: OverlapPolicy;
}

/** The job the flags describe; a mistake in the flags themselves is a UsageError naming the flag. */
export function createInput(flags: CreateFlags, now = new Date()): CreateJobInput {
  if (flags.tz !== undefined && flags.cron === undefined) throw new UsageError('--tz applies only with --cron');
  return {
    name: flags.name,
    description: flags.description,
    scheduledAt: runTime(flags, now),
    recurrencePattern: flags.every,
    cronExpression: flags.cron,
    timezone: flags.tz,
    payload: flags.payload === undefined ? undefined : parsePayload(flags.payload),
    target: flags.url === undefined ? undefined : { http: { url: flags.url, headers: {}, body: undefined } },
    maxRetries: flags.maxRetries,
    timeoutSeconds: wholeSeconds(flags.timeout, '--timeout'),
    catchUpWindowSeconds: wholeSeconds(flags.catchUpWindow, '--catch-up-window'),
    overlapPolicy: flags.overlap,
  };
}

function parsePayload(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--payload is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError('--payload must be a JSON object, such as \'{"to": "ops@example.com"}\'');
  }
  return value as Record<string, unknown>;
}

/** A duration flag in whole seconds (`0s` included), or undefined when the flag is not given. */
export function wholeSeconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const ms = parseDuration(text, flag);
  if (ms % 1000 !== 0) throw new UsageError(`${flag} must be whole seconds, got "${text}"`);
  return ms / 1000;
}

/** The overlap policies `--overlap` takes (what an occurrence due while a run is in flight does). */
export const OVERLAP_POLICIES: OverlapPolicy[] = ['skip', 'buffer_one', 'cancel_previous', 'allow'];
