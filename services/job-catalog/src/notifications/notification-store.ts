import type { MikroORM } from '@chrono/kit';
import type { DeliveryState } from './notification-delivery';
import type { NotificationEvent } from './notification-spec';

/** One delivery as job-catalog keeps it. */
export interface DeliveryRow {
  id: string;
  jobId: string;
  event: NotificationEvent;
  url: string;
  state: DeliveryState;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  executionId?: string;
  createdAt: Date;
  lastAttemptAt?: Date;
}

interface RawDelivery {
  id: string;
  job_id: string;
  event: NotificationEvent;
  url: string;
  state: DeliveryState;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  execution_id: string | null;
  created_at: Date;
  last_attempt_at: Date | null;
}

/** catalog.notification_secrets and catalog.notification_deliveries. */
export class NotificationStore {
  constructor(private readonly orm: MikroORM) {}

  /** The user's sealed secret, or undefined before their first. */
  async findSecret(userId: string): Promise<{ secret: string; createdAt: Date } | undefined> {
    const rows = await this.orm.em
      .fork()
      .execute<Array<{ secret: string; created_at: Date }>>(
        'select secret, created_at from catalog.notification_secrets where user_id = ?',
        [userId],
      );
    return rows[0] && { secret: rows[0].secret, createdAt: new Date(rows[0].created_at) };
  }

  /**
   * Stores the user's sealed secret: `replace` overwrites the one there (rotation), otherwise the one
   * there wins (two first reads racing agree). Returns the secret stored.
   */
  async putSecret(
    userId: string,
    sealed: string,
    at: Date,
    replace: boolean,
  ): Promise<{ secret: string; createdAt: Date }> {
    const conflict = replace
      ? 'do update set secret = excluded.secret, created_at = excluded.created_at'
      : 'do update set user_id = excluded.user_id';
    const rows = await this.orm.em.fork().execute<Array<{ secret: string; created_at: Date }>>(
      `insert into catalog.notification_secrets (user_id, secret, created_at) values (?, ?, ?)
       on conflict (user_id) ${conflict} returning secret, created_at`,
      [userId, sealed, at],
    );
    return { secret: rows[0].secret, createdAt: new Date(rows[0].created_at) };
  }

  /** One page of a job's deliveries, newest first. */
  async listDeliveries(jobId: string, page: number, limit: number): Promise<{ items: DeliveryRow[]; total: number }> {
    const em = this.orm.em.fork();
    const [rows, counts] = await Promise.all([
      em.execute<RawDelivery[]>(
        `select * from catalog.notification_deliveries where job_id = ?
         order by created_at desc, id desc limit ? offset ?`,
        [jobId, limit, (page - 1) * limit],
      ),
      em.execute<Array<{ total: string }>>(
        'select count(*) as total from catalog.notification_deliveries where job_id = ?',
        [jobId],
      ),
    ]);
    return { items: rows.map(fromRaw), total: Number(counts[0].total) };
  }
}

function fromRaw(row: RawDelivery): DeliveryRow {
  return {
    id: row.id,
    jobId: row.job_id,
    event: row.event,
    url: row.url,
    state: row.state,
    attempts: row.attempts,
    createdAt: new Date(row.created_at),
    ...(row.last_status_code !== null && { lastStatusCode: row.last_status_code }),
    ...(row.last_error !== null && { lastError: row.last_error }),
    ...(row.execution_id !== null && { executionId: row.execution_id }),
    ...(row.last_attempt_at !== null && { lastAttemptAt: new Date(row.last_attempt_at) }),
  };
}
