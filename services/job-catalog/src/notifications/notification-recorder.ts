import { randomUUID } from 'node:crypto';
import { runSql } from '@chrono/kit';
import type { TargetSecrets } from '@chrono/targets';
import type { RecordedOutcome, Transaction } from '../store/job-progress-store';
import type { NotificationBody } from './notification-delivery';
import { requestDeliveries } from './notification-outbox';
import type { JobNotification } from './notification-spec';
import { eventsOf, matchNotifications, missedNotifications, type MissedOccurrence } from './notification-trigger';

interface NotifiedJob {
  id: string;
  user_id: string;
  name: string;
  type: string;
  max_retries: number;
  notifications: JobNotification[];
}

/**
 * Writes the deliveries that recorded outcomes (and missed occurrences) trigger, in the transaction
 * that records them. Outcomes of jobs without notifications never come here (JobProgressStore records
 * them in a statement of their own); a batch of missed occurrences costs one indexed read.
 */
export class NotificationRecorder {
  constructor(private readonly secrets: TargetSecrets) {}

  /** Called in JobProgressStore's transaction for jobs with notifications, with their outcomes recorded for the first time. */
  async outcomes(em: Transaction, recorded: RecordedOutcome[]): Promise<void> {
    const jobs = await notifiedJobs(
      em,
      recorded.map((o) => o.jobId),
    );
    if (jobs.size === 0) return;
    const rows: DeliveryInsert[] = [];
    for (const outcome of recorded) {
      const job = jobs.get(outcome.jobId);
      // An attempt cancelled by its job's overlap policy (cancel_previous) is neither a failure nor a success.
      if (!job || outcome.cancelled) continue;
      const listensToRecovered = job.notifications.some((n) => n.on.includes('recovered'));
      const previousFailed = outcome.succeeded && listensToRecovered && (await previousRunFailed(em, outcome));
      // Attempt 1 is the run, attempts 2 to maxRetries + 1 its retries: after the last, none is left.
      const final = outcome.attempt > job.max_retries;
      for (const match of matchNotifications(job.notifications, eventsOf({ ...outcome, final }, previousFailed))) {
        const execution = {
          id: outcome.executionId,
          attempt: outcome.attempt,
          status: outcome.succeeded ? ('success' as const) : ('failed' as const),
          startedAt: outcome.startedAt.toISOString(),
          completedAt: outcome.completedAt.toISOString(),
          ...(outcome.errorMessage !== undefined && { errorMessage: outcome.errorMessage }),
        };
        rows.push(delivery(job, match, outcome.dueAt, execution));
      }
    }
    await this.write(em, rows, jobs);
  }

  /**
   * The `missed` trigger, for the occurrence ledger: call it in the transaction that records
   * occurrences as missed.
   */
  async missed(em: Transaction, occurrences: MissedOccurrence[]): Promise<void> {
    const jobs = await notifiedJobs(
      em,
      occurrences.map((o) => o.jobId),
    );
    if (jobs.size === 0) return;
    const matches = missedNotifications(occurrences, (jobId) => jobs.get(jobId)?.notifications);
    const rows = matches.map((match) => delivery(jobs.get(match.jobId) as NotifiedJob, match, match.dueAt, undefined));
    await this.write(em, rows, jobs);
  }

  // The rows, and their requests to the executors in the outbox, in the same transaction.
  private async write(em: Transaction, rows: DeliveryInsert[], jobs: Map<string, NotifiedJob>): Promise<void> {
    await insertDeliveries(em, rows);
    await requestDeliveries(
      em,
      this.secrets,
      rows.map((row) => ({
        deliveryId: row.id,
        userId: row.userId,
        url: row.url,
        headers: jobs.get(row.jobId)?.notifications[row.index]?.http.headers ?? {},
        body: JSON.stringify(row.body),
      })),
    );
  }
}

type DeliveryInsert = { id: string; jobId: string; userId: string; index: number; body: NotificationBody; url: string };

function delivery(
  job: NotifiedJob,
  match: { index: number; url: string; event: NotificationBody['event'] },
  dueAt: Date | undefined,
  execution: NotificationBody['execution'],
): DeliveryInsert {
  const id = randomUUID();
  const body: NotificationBody = {
    id,
    event: match.event,
    createdAt: new Date().toISOString(),
    job: { id: job.id, name: job.name, type: job.type },
    occurrence: { ...(dueAt && { dueAt: dueAt.toISOString() }) },
    ...(execution && { execution }),
  };
  return { id, jobId: job.id, userId: job.user_id, index: match.index, body, url: match.url };
}

async function notifiedJobs(em: Transaction, ids: string[]): Promise<Map<string, NotifiedJob>> {
  if (ids.length === 0) return new Map();
  const rows = await runSql<NotifiedJob>(
    em,
    `select id, user_id, name, type, max_retries, notifications from catalog.jobs
     where id = any(?::uuid[]) and notifications is not null`,
    [`{${[...new Set(ids)].join(',')}}`],
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** Whether the job's latest run before this outcome's ended failed (its last attempt failed). */
async function previousRunFailed(em: Transaction, outcome: RecordedOutcome): Promise<boolean> {
  const rows = await runSql<{ status: string }>(
    em,
    `select status from catalog.job_executions where job_id = ? and run_id <> ?
     order by completed_at desc, attempt_number desc limit 1`,
    [outcome.jobId, outcome.runId],
  );
  return rows[0]?.status === 'failed';
}

async function insertDeliveries(em: Transaction, rows: DeliveryInsert[]): Promise<void> {
  if (rows.length === 0) return;
  await runSql(
    em,
    `insert into catalog.notification_deliveries
       (id, job_id, user_id, notification_index, event, url, body, state, attempts, execution_id, created_at)
     select v.id, v.job_id, v.user_id, v.index, v.event, v.url, v.body, 'pending', 0, v.execution_id, now()
     from (values ${rows.map(() => '(?::uuid, ?::uuid, ?::uuid, ?::int, ?::text, ?::text, ?::text, ?::uuid)').join(', ')})
       v(id, job_id, user_id, index, event, url, body, execution_id)`,
    rows.flatMap((row) => [
      row.id,
      row.jobId,
      row.userId,
      row.index,
      row.body.event,
      row.url,
      JSON.stringify(row.body),
      row.body.execution?.id ?? null,
    ]),
  );
}
