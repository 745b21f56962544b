import { randomUUID } from 'node:crypto';
import { addToOutbox, currentTraceParent, runSql, type MikroORM, type OutboxWakeup } from '@chrono/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Job, JobChange, JobExecution } from '../domain/job';
import type { ActiveJobsRepository } from '../domain/account-jobs';
import type { JobRepository, Page } from '../domain/job-repository';
import type { JobFilter } from '../domain/job-validation';
import { jobEventMessage } from '../events/job-event';
import { JobEntity, JobExecutionEntity, withoutNulls } from './job-entity';
import { JobInserts } from './job-inserts';

/** The columns UpdateJob, CancelJob, RescheduleJob, PauseJob and ResumeJob may write; the rest belong to the scheduler's reports. */
const CLIENT_FIELDS = [
  'name',
  'description',
  'type',
  'payload',
  'scheduledAt',
  'recurrencePattern',
  'cronExpression',
  'timezone',
  'target',
  'timeoutSeconds',
  'catchUpWindowMs',
  'overlapPolicy',
  'notifications',
  'maxRetries',
  'status',
  'isActive',
  'retryCount',
  'errorMessage',
  'nextRunAt',
  'version',
  'updatedAt',
] as const;

/** Jobs and their executions in PostgreSQL; each write records its lifecycle event in catalog.outbox. */
export class JobStore implements JobRepository, ActiveJobsRepository {
  private readonly inserts: JobInserts;

  constructor(
    private readonly orm: MikroORM,
    private readonly outbox: OutboxWakeup,
  ) {
    this.inserts = new JobInserts(orm);
  }

  async insert(jobs: Job[], maxActive: number): Promise<boolean> {
    const stored = await this.inserts.insert(jobs, maxActive);
    if (stored) this.outbox.written();
    return stored;
  }

  async findOwned(userId: string, id: string): Promise<Job | undefined> {
    const row = await this.orm.em.fork().findOne(JobEntity, { id, userId });
    return row ? withoutNulls({ ...row }) : undefined;
  }

  async findOwnedMany(userId: string, ids: string[]): Promise<Job[]> {
    const rows = await this.orm.em.fork().find(JobEntity, { id: { $in: ids }, userId });
    return rows.map((row) => withoutNulls({ ...row }));
  }

  async list(userId: string, filter: JobFilter, page: number, limit: number): Promise<Page<Job>> {
    const createdAt = {
      ...(filter.createdFrom && { $gte: filter.createdFrom }),
      ...(filter.createdTo && { $lte: filter.createdTo }),
    };
    const [rows, total] = await this.orm.em.fork().findAndCount(
      JobEntity,
      {
        userId,
        ...(filter.status && { status: filter.status }),
        ...(filter.type && { type: filter.type }),
        ...(Object.keys(createdAt).length > 0 && { createdAt }),
        ...(filter.nameContains && { name: { $ilike: `%${likeLiteral(filter.nameContains)}%` } }),
      },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit, offset: (page - 1) * limit },
    );
    return { items: rows.map((row) => withoutNulls({ ...row })), total };
  }

  async update(job: Job, change: Exclude<JobChange, 'created' | 'deleted'>): Promise<boolean> {
    const fields = Object.fromEntries(CLIENT_FIELDS.map((field) => [field, job[field] ?? null]));
    const updated = await this.orm.em.fork().transactional(async (em) => {
      if ((await em.nativeUpdate(JobEntity, { id: job.id, version: job.version - 1 }, fields)) !== 1) return false;
      await recordEvent(em, job, change);
      return true;
    });
    if (updated) this.outbox.written();
    return updated;
  }

  async delete(job: Job): Promise<boolean> {
    const deleted = await this.orm.em.fork().transactional(async (em) => {
      if ((await em.nativeDelete(JobEntity, { id: job.id, version: job.version })) !== 1) return false;
      await recordEvent(em, { ...job, version: job.version + 1 }, 'deleted');
      return true;
    });
    if (deleted) this.outbox.written();
    return deleted;
  }

  async findActive(userId: string, limit: number): Promise<Job[]> {
    const rows = await this.orm.em
      .fork()
      .find(
        JobEntity,
        { userId, status: { $in: ['pending', 'running', 'paused'] } },
        { orderBy: { id: 'asc' }, limit },
      );
    return rows.map((row) => withoutNulls({ ...row }));
  }

  async cancelMany(jobs: Job[]): Promise<number> {
    if (jobs.length === 0) return 0;
    const cancelled = await this.orm.em.fork().transactional(async (em) => {
      // One statement for the batch; the version check is CancelJob's, row by row.
      const rows = await runSql<{ id: string }>(
        em,
        `update catalog.jobs j set status = 'cancelled', is_active = false, next_run_at = null,
                version = v.version, updated_at = v.updated_at
           from (values ${jobs.map(() => '(?::uuid, ?::int, ?::timestamptz)').join(', ')}) v(id, version, updated_at)
          where j.id = v.id and j.version = v.version - 1
          returning j.id`,
        jobs.flatMap((job) => [job.id, job.version, job.updatedAt]),
      );
      const written = new Set(rows.map((row) => row.id));
      const now = new Date();
      const events = jobs
        .filter((job) => written.has(job.id))
        .map((job) => jobEventMessage(job, 'cancelled', randomUUID(), now));
      await addToOutbox(em, 'catalog', events);
      return events.length;
    });
    if (cancelled > 0) this.outbox.written();
    return cancelled;
  }

  async countActive(userId: string): Promise<number> {
    // Kept by triggers on catalog.jobs (see the CountActiveJobs migration): at most 16 rows to add up.
    const [row] = await runSql<{ active: string | null }>(
      this.orm.em.fork(),
      'select sum(active) as active from catalog.active_job_counts where user_id = ?',
      [userId],
      { prepared: true },
    );
    return Number(row?.active ?? 0);
  }

  async listExecutions(jobId: string, page: number, limit: number): Promise<Page<JobExecution>> {
    const [rows, total] = await this.orm.em.fork().findAndCount(
      JobExecutionEntity,
      { jobId },
      // By when attempts ended: outcomes are recorded in concurrent batches, not in the order they ran.
      { orderBy: { completedAt: 'desc', id: 'desc' }, limit, offset: (page - 1) * limit },
    );
    return { items: rows.map((row) => withoutNulls({ ...row })), total };
  }
}

/** `text` as a LIKE pattern that matches only itself: a backslash (the default escape) before each backslash, % and _. */
function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (special) => `\\${special}`);
}

// The lifecycle event travels through the outbox, written in the same transaction as the change.
async function recordEvent(em: EntityManager, job: Job, change: JobChange): Promise<void> {
  await addToOutbox(em, 'catalog', [jobEventMessage(job, change, randomUUID(), new Date(), currentTraceParent())]);
}
