import type { NewJob, OverlapPolicy, Pattern } from '../api/types';
import { zonedToIso } from '../format/zoned-time';

/** What the new-job form holds, as the inputs give it (strings). */
export interface JobForm {
  name: string;
  description: string;
  type: 'one_time' | 'recurring';
  schedule: 'pattern' | 'cron';
  /** Wall-clock time in `timezone`: when a one-time job runs, a pattern's first run, a cron expression's start. */
  runAt: string;
  timezone: string;
  pattern: Pattern;
  cronExpression: string;
  payload: string;
  target: 'default' | 'http' | 'nats';
  httpUrl: string;
  httpMethod: string;
  natsSubject: string;
  maxRetries: string;
  timeoutSeconds: string;
  /** In seconds; empty leaves it to the server (0, run once). */
  catchUpWindow: string;
  /** Sent for recurring jobs only (a one-time job has nothing to overlap). */
  overlapPolicy: OverlapPolicy;
}

/** A field's message, keyed by the REST field it is about (`payload`, `target.http.url`, ...). */
export type FieldErrors = Partial<Record<string, string>>;

/** The payload as a JSON object, or the reason it is not one. */
export function parsePayload(text: string): { value?: Record<string, unknown>; error?: string } {
  if (!text.trim()) return { value: undefined };
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      return { error: 'payload must be a JSON object, like {"key": "value"}' };
    return { value: value as Record<string, unknown> };
  } catch (error) {
    return { error: `payload is not valid JSON: ${(error as Error).message}` };
  }
}

const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/**
 * The CreateJob body of the form, or the messages of the fields the browser can check itself (the
 * payload's JSON, a time that is no time). Everything else is the server's to judge.
 */
export function toNewJob(form: JobForm): { job?: NewJob; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const payload = parsePayload(form.payload);
  if (payload.error) errors.payload = payload.error;
  // Every job has a scheduledAt: a one-time job's time, a pattern's first run, a cron expression's start.
  const scheduledAt = form.runAt ? zonedToIso(form.runAt, form.timezone || 'UTC') : undefined;
  if (form.runAt && !scheduledAt) errors.scheduledAt = 'scheduledAt is not a time in that time zone';
  if (Object.keys(errors).length) return { errors };
  const recurring = form.type === 'recurring';
  const cron = recurring && form.schedule === 'cron';
  const job: NewJob = {
    name: form.name,
    description: form.description || undefined,
    type: form.type,
    scheduledAt,
    recurrencePattern: recurring && !cron ? form.pattern : undefined,
    cronExpression: cron ? form.cronExpression : undefined,
    timezone: cron ? form.timezone || undefined : undefined,
    payload: payload.value,
    maxRetries: number(form.maxRetries),
    timeoutSeconds: number(form.timeoutSeconds),
    catchUpWindow: form.catchUpWindow.trim() === '' ? undefined : `${form.catchUpWindow.trim()}s`,
    overlapPolicy: recurring ? form.overlapPolicy : undefined,
    target:
      form.target === 'http'
        ? { http: { url: form.httpUrl, method: form.httpMethod } }
        : form.target === 'nats'
          ? { nats: { subject: form.natsSubject } }
          : undefined,
  };
  return { job, errors };
}
