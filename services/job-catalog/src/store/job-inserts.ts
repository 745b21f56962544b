import { randomUUID } from 'node:crypto';
import { currentTraceParent, GroupCommit, outboxInsertFor, runSql, tracingEnabled, type MikroORM } from '@chrono/kit';
import type { Job } from '../domain/job';
import { jobEventMessage } from '../events/job-event';
import { insertJobsFrom, NEW_JOBS_SQL, newJobsParams } from './job-insert-sql';

// A caller's new jobs and the most active jobs their owner may then have.
interface PendingInsert {
  jobs: Job[];
  maxActive: number;
  stored?: boolean;
}

/**
 * New jobs into catalog.jobs with their created events, under their owner's active-jobs quota. Creates
 * that arrive while one is being written share the next statement (group commit). That one statement
 * reads each owner's committed count of active jobs (catalog.active_job_counts), takes the callers of
 * each owner in order of arrival while their jobs fit, writes those jobs and the events of exactly
 * those jobs: one round trip, with no BEGIN or COMMIT around it, and within one replica the quota is
 * never passed. A caller's jobs are written all or none; once one caller of an owner does not fit, the
 * owner's later callers in the same statement are refused too.
 */
export class JobInserts {
  private readonly group = new GroupCommit<PendingInsert>((pending) => this.write(pending));
  // The trace context of the request that created each job (tracing on only): a shared statement
  // writes the jobs of many requests, outside their contexts, and each event must carry its own.
  private readonly createdIn = new WeakMap<Job, string>();

  constructor(private readonly orm: MikroORM) {}

  /** Stores the jobs (all of one owner) unless their owner would then have more than `maxActive` active jobs; false then, and nothing stored. */
  async insert(jobs: Job[], maxActive: number): Promise<boolean> {
    const traceParent = currentTraceParent();
    if (traceParent) for (const job of jobs) this.createdIn.set(job, traceParent);
    const pending: PendingInsert = { jobs, maxActive };
    await this.group.add([pending]);
    return pending.stored === true;
  }

  private async write(pending: PendingInsert[]): Promise<void> {
    const now = new Date();
    const traced = tracingEnabled();
    const jobs = pending.flatMap((p, caller) => p.jobs.map((job) => ({ job, caller, maxActive: p.maxActive })));
    const events = jobs.map(({ job }) =>
      jobEventMessage(job, 'created', randomUUID(), now, traced ? this.createdIn.get(job) : undefined),
    );
    const written = outboxInsertFor(
      'catalog',
      events,
      jobs.map(({ job }) => job.id),
      'created',
    );
    const rows = await runSql<{ id: string }>(
      this.orm.em.fork(),
      `with new_jobs as (${NEW_JOBS_SQL}),
       callers as (select caller, user_id, count(*) as jobs, min(max_active) as max_active from new_jobs group by caller, user_id),
       active as (select user_id, sum(active) as active from catalog.active_job_counts
         where user_id in (select user_id from callers) group by user_id),
       fitting as (select caller from (
         select c.caller, c.max_active, coalesce(a.active, 0) + sum(c.jobs) over (partition by c.user_id order by c.caller) as total
         from callers c left join active a on a.user_id = c.user_id) t where total <= max_active),
       created as (${insertJobsFrom('new_jobs', 'caller in (select caller from fitting)')} returning id),
       written as (${written.sql})
       select id from created`,
      [...newJobsParams(jobs), ...written.params],
      { prepared: true },
    );
    const stored = new Set(rows.map((row) => row.id));
    for (const p of pending) p.stored = p.jobs.every((job) => stored.has(job.id));
  }
}
