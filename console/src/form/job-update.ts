import type { Job, JobUpdate, NewJob } from '../api/types';
import { browserZone } from '../format/time';
import { isoToZoned } from '../format/zoned-time';
import type { FieldErrors, JobForm } from './job-form';

/** The edit form of a stored job: its fields as the new-job form holds them, times in the job's zone. */
export function formOf(job: Job): JobForm {
  const timezone = job.timezone || browserZone();
  return {
    name: job.name,
    description: job.description ?? '',
    type: job.type,
    schedule: job.recurrencePattern && !job.cronExpression ? 'pattern' : 'cron',
    runAt: (job.scheduledAt && isoToZoned(job.scheduledAt, timezone)) ?? '',
    timezone,
    pattern: job.recurrencePattern ?? 'daily',
    cronExpression: job.cronExpression ?? '0 2 * * *',
    payload: JSON.stringify(job.payload ?? {}, null, 2),
    target: job.target?.http ? 'http' : job.target?.nats ? 'nats' : 'default',
    httpUrl: job.target?.http?.url ?? '',
    httpMethod: job.target?.http?.method ?? 'POST',
    natsSubject: job.target?.nats?.subject ?? '',
    maxRetries: String(job.maxRetries),
    timeoutSeconds: String(job.timeoutSeconds),
    catchUpWindow: job.catchUpWindow ? job.catchUpWindow.replace(/s$/, '') : '0',
    overlapPolicy: job.overlapPolicy ?? 'skip',
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The UpdateJob body (PUT /jobs/{id}) of an edit: only the fields that changed, since the server
 * changes only the fields sent. A changed target keeps what the form does not show (an http target's
 * headers and body, a nats target's data); the API cannot remove a target, so going back to the
 * default handler is refused here, on the field.
 */
export function changesOf(job: Job, before: NewJob, after: NewJob): { update?: JobUpdate; errors: FieldErrors } {
  if (job.target && !after.target)
    return { errors: { target: 'target cannot be removed through the REST API; create a new job instead' } };
  const update: JobUpdate = {};
  for (const key of Object.keys(after) as (keyof NewJob)[]) {
    if (after[key] !== undefined && !same(before[key], after[key])) Object.assign(update, { [key]: after[key] });
  }
  // An emptied description is sent as "", which clears it (undefined would leave it as it was).
  if (before.description && !after.description) update.description = '';
  if (update.target?.http && job.target?.http) update.target = { http: { ...job.target.http, ...update.target.http } };
  if (update.target?.nats && job.target?.nats) update.target = { nats: { ...job.target.nats, ...update.target.nats } };
  return { update, errors: {} };
}
