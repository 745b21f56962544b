import { runSql, type MikroORM } from '@chrono/kit';
import type { Page } from '../domain/job-repository';
import type { JobStats, Occurrence, OccurrenceCounts, OccurrenceOutcome, OccurrenceQuery } from '../domain/occurrence';

interface OccurrenceRow {
  due_at: string | Date;
  outcome: OccurrenceOutcome | null;
  run_id: string | null;
  dispatched_at: string | Date | null;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  attempt_list: Array<{ attempt: number; id: string; status: string }> | null;
}

/** Reads of the occurrence ledger (see OccurrenceLedgerStore): one job's page of occurrences, and its stats. */
export class OccurrenceQueryStore {
  constructor(private readonly orm: MikroORM) {}

  /** The job's occurrences due within the query's range, newest first, with their attempts. */
  async list(jobId: string, query: OccurrenceQuery): Promise<Page<Occurrence>> {
    const range = `${query.from ? ' and o.due_at >= ?' : ''}${query.to ? ' and o.due_at <= ?' : ''}`;
    const params = [jobId, ...(query.from ? [query.from] : []), ...(query.to ? [query.to] : [])];
    const em = this.orm.em.fork();
    const rows = await runSql<OccurrenceRow>(
      em,
      `select o.due_at, o.outcome, o.run_id, o.dispatched_at, o.started_at, o.finished_at,
         (select json_agg(json_build_object('attempt', e.attempt_number, 'id', e.id, 'status', e.status) order by e.attempt_number)
          from catalog.job_executions e where e.run_id = o.run_id and e.job_id = o.job_id) as attempt_list
       from catalog.job_occurrences o where o.job_id = ?${range}
       order by o.due_at desc limit ? offset ?`,
      [...params, query.limit, (query.page - 1) * query.limit],
    );
    const [{ total }] = await runSql<{ total: number }>(
      em,
      `select count(*)::int as total from catalog.job_occurrences o where o.job_id = ?${range}`,
      params,
    );
    return { items: rows.map(occurrenceOf), total };
  }

  /**
   * The job's stats over the occurrences due in the last 24 hours and 7 days, computed in one
   * statement over the ledger's (job_id, due_at) key; lateness over the runs that started.
   */
  async stats(jobId: string): Promise<JobStats> {
    const rows = await runSql<OccurrenceCounts & { win: string }>(
      this.orm.em.fork(),
      `select w.name as win, count(o.due_at)::int as occurrences,
         count(*) filter (where o.outcome = 'succeeded')::int as succeeded,
         count(*) filter (where o.outcome = 'failed')::int as failed,
         count(*) filter (where o.outcome = 'skipped')::int as skipped,
         count(*) filter (where o.outcome = 'missed')::int as missed,
         count(*) filter (where o.outcome = 'cancelled')::int as cancelled,
         count(o.due_at) filter (where o.outcome is null)::int as "inFlight",
         coalesce(percentile_cont(0.5) within group (order by extract(epoch from o.started_at - o.due_at) * 1000)
           filter (where o.started_at is not null), 0)::float8 as "latenessP50Ms",
         coalesce(percentile_cont(0.99) within group (order by extract(epoch from o.started_at - o.due_at) * 1000)
           filter (where o.started_at is not null), 0)::float8 as "latenessP99Ms"
       from (values ('24h', interval '24 hours'), ('7d', interval '7 days')) w(name, span)
       left join catalog.job_occurrences o on o.job_id = ? and o.due_at >= now() - w.span
       group by w.name`,
      [jobId],
    );
    const byWindow = new Map(rows.map(({ win, ...counts }) => [win, counts]));
    return { last24h: countsOf(byWindow.get('24h')), last7d: countsOf(byWindow.get('7d')) };
  }
}

function countsOf(counts: OccurrenceCounts | undefined): OccurrenceCounts {
  const zero = { occurrences: 0, succeeded: 0, failed: 0, skipped: 0, missed: 0, cancelled: 0, inFlight: 0 };
  return { ...zero, latenessP50Ms: 0, latenessP99Ms: 0, ...counts };
}

function occurrenceOf(row: OccurrenceRow): Occurrence {
  return {
    dueAt: new Date(row.due_at),
    outcome: row.outcome ?? undefined,
    runId: row.run_id ?? undefined,
    dispatchedAt: dateOrUndefined(row.dispatched_at),
    startedAt: dateOrUndefined(row.started_at),
    finishedAt: dateOrUndefined(row.finished_at),
    attempts: (row.attempt_list ?? []).map((a) => ({ attemptNumber: a.attempt, executionId: a.id, status: a.status })),
  };
}

function dateOrUndefined(value: string | Date | null): Date | undefined {
  return value === null ? undefined : new Date(value);
}
