import type { ReactNode } from 'react';
import type { Job, JobTarget } from '../api/types';
import { scheduleInWords } from '../format/schedule-words';
import { StatusBadge } from './status-badge';
import { When } from './when';

function targetInWords(target?: JobTarget): string {
  if (target?.http) return `http: ${target.http.method ?? 'POST'} ${target.http.url}`;
  if (target?.nats) return `nats: publish on ${target.nats.subject}`;
  return 'default handler';
}

const noNextRun = (job: Job) =>
  job.status === 'paused' ? 'none while paused: resume it to plan the next run' : 'none: it will not run again';

function catchUpInWords(window?: string): string {
  const seconds = Number(window?.replace(/s$/, '') || 0);
  return seconds ? `missed runs of the last ${seconds} s run after a pause or downtime` : 'none: missed runs run once';
}

const json = (value: unknown) => JSON.stringify(value, null, 2);

type Row = [string, ReactNode];
const when = (shown: boolean, row: Row): Row[] => (shown ? [row] : []);

/** Every field of a job, as a description list. */
export function JobFields({ job }: { job: Job }) {
  const rows: Row[] = [
    ['Status', <StatusBadge key="s" status={job.status} />],
    ['Type', job.type === 'one_time' ? 'one-time' : 'recurring'],
    ['Schedule', scheduleInWords(job)],
    ...when(!!job.cronExpression, ['Cron expression', <code key="c">{job.cronExpression}</code>]),
    ...when(!!job.recurrencePattern, ['Pattern', job.recurrencePattern]),
    ...when(!!job.cronExpression, ['Time zone', job.timezone ?? 'UTC']),
    ['Scheduled at', <When key="a" iso={job.scheduledAt} />],
    ['Next run', <When key="n" iso={job.nextRunAt} empty={noNextRun(job)} />],
    ['Latest run started', <When key="st" iso={job.startedAt} empty="never" />],
    ['Latest run ended', <When key="e" iso={job.completedAt} empty="—" />],
    ['Retries', `${job.retryCount} of ${job.maxRetries} used in this run`],
    ['Timeout', `${job.timeoutSeconds} s per attempt`],
    ['Catch-up window', catchUpInWords(job.catchUpWindow)],
    ...when(job.type === 'recurring', ['Overlap policy', job.overlapPolicy ?? 'skip']),
    ['Target', targetInWords(job.target)],
    ['Active', job.isActive ? 'yes' : 'no: it will not run again'],
    ['Description', job.description || '—'],
    ['Payload', <pre key="p">{json(job.payload ?? {})}</pre>],
    ...when(!!job.errorMessage, ['Latest error', <pre key="er">{job.errorMessage}</pre>]),
    ...when(job.result !== undefined, ['Latest result', <pre key="r">{json(job.result)}</pre>]),
    ['Created', <When key="c" iso={job.createdAt} />],
    ['Updated', <When key="u" iso={job.updatedAt} />],
    ['Id', <code key="i">{job.id}</code>],
  ];
  return (
    <dl className="fields">
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
