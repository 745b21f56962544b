import type { Job, JobExecution } from '@chrono/client';
import type { Column } from './output';
import { statusText } from './output';
import { formatTime } from './time-format';

/** How a job recurs, in a few words: `once`, `daily`, `cron 0 * * * * (Europe/Paris)`. */
export function scheduleOf(job: Job): string {
  if (job.cronExpression) return `cron ${job.cronExpression}${job.timezone ? ` (${job.timezone})` : ''}`;
  return job.recurrencePattern ?? 'once';
}

export const jobColumns: Column<Job>[] = [
  { heading: 'ID', cell: (job) => job.id },
  { heading: 'NAME', cell: (job) => job.name },
  { heading: 'STATUS', cell: (job) => statusText(job.status) },
  { heading: 'SCHEDULE', cell: scheduleOf },
  { heading: 'NEXT RUN', cell: (job) => formatTime(job.nextRunAt) },
];

export const executionColumns: Column<JobExecution>[] = [
  { heading: 'ATTEMPT', cell: (run) => String(run.attemptNumber) },
  { heading: 'STATUS', cell: (run) => statusText(run.status) },
  { heading: 'STARTED', cell: (run) => formatTime(run.startedAt) },
  { heading: 'TOOK', cell: (run) => took(run) },
  { heading: 'ERROR', cell: (run) => run.errorMessage ?? '' },
];

function took({ startedAt, completedAt }: JobExecution): string {
  if (!startedAt || !completedAt) return '';
  return `${completedAt.getTime() - startedAt.getTime()} ms`;
}

/** The lines `chrono jobs get` prints for people. */
export function jobLines(job: Job): [string, string][] {
  const lines: [string, string | undefined][] = [
    ['id', job.id],
    ['name', job.name],
    ['description', job.description],
    ['status', statusText(job.status)],
    ['schedule', scheduleOf(job)],
    ['scheduled at', formatTime(job.scheduledAt)],
    ['next run', formatTime(job.nextRunAt) || 'none'],
    ['retries', `${job.retryCount} of ${job.maxRetries}`],
    ['timeout', `${job.timeoutSeconds}s`],
    ['catch-up window', job.catchUpWindow?.seconds ? `${job.catchUpWindow.seconds}s` : undefined],
    ['overlap', job.overlapPolicy && job.overlapPolicy !== 'skip' ? job.overlapPolicy : undefined],
    [
      'target',
      job.target?.http
        ? `http ${job.target.http.url}`
        : job.target?.nats
          ? `nats ${job.target.nats.subject}`
          : 'default',
    ],
    ['payload', job.payload ? JSON.stringify(job.payload) : undefined],
    ['last error', job.errorMessage],
    ['created', formatTime(job.createdAt)],
    ['last 24 h', statsText(job.stats?.last24h)],
    ['last 7 days', statsText(job.stats?.last7d)],
  ];
  return lines.filter((line): line is [string, string] => line[1] !== undefined && line[1] !== '');
}

/** A window of the job's occurrence stats in one line; none when nothing was due in it. */
function statsText(stats: NonNullable<Job['stats']>['last24h']): string | undefined {
  if (!stats?.occurrences) return undefined;
  const counts = `${stats.occurrences} due: ${stats.succeeded} succeeded, ${stats.failed} failed, ${stats.skipped} skipped, ${stats.missed} missed, ${stats.cancelled} cancelled, ${stats.inFlight} in flight`;
  return `${counts}; late p50 ${Math.round(stats.latenessP50Ms)} ms, p99 ${Math.round(stats.latenessP99Ms)} ms`;
}
