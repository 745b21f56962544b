import type { jobService } from '@chrono/contracts';
import { unary } from '@chrono/testkit';
import type { RecurringDriver } from '../contender';
import { closedLoop } from '../load';
import type { RecurringRun } from '../recurring-stats';
import { summarize, type Summary } from '../stats';
import type { ChronoSystem } from './chrono-system';
import type { DispatchTap } from './dispatch-tap';

/** CancelJob calls in flight when the recurring jobs are stopped. */
const CANCELS_IN_FLIGHT = 8;

interface RunRow {
  job_id: string;
  run_id: string;
  started_ms: number;
  recorded_ms: number;
  status: string;
}

/**
 * This system's recurring jobs: created with CreateJobs (cron `* * * * * *`, time zone UTC), stopped
 * with CancelJob. Runs are job-catalog's `job_executions` rows (first attempts); their occurrence is
 * the `dueAt` of the run's DispatchRequest, seen by the dispatch tap (executions record no due time).
 */
export class ChronoRecurring implements RecurringDriver {
  private readonly runs = new Map<string, string[]>();

  constructor(
    private readonly client: jobService.JobServiceClient,
    private readonly system: ChronoSystem,
    private readonly tap: DispatchTap,
  ) {}

  async start(run: string, jobs: number, firstDueMs: number): Promise<void> {
    const requests = Array.from({ length: jobs }, (_, i) => ({
      name: `${run}-${i}`,
      type: 'recurring',
      payload: {},
      scheduledAt: new Date(firstDueMs),
      cronExpression: '* * * * * *',
      timezone: 'UTC',
      target: undefined,
      catchUpWindow: undefined,
      notifications: [],
    }));
    const ids: string[] = [];
    // CreateJobs takes at most 1,000 jobs a call.
    for (let i = 0; i < requests.length; i += 1000) {
      const batch = { requests: requests.slice(i, i + 1000) };
      const { jobs: created } = await unary(this.client.createJobs.bind(this.client), batch, this.system.auth);
      ids.push(...created.map((job) => job.id));
    }
    this.runs.set(run, ids);
  }

  async stop(run: string): Promise<void> {
    const ids = this.runs.get(run) ?? [];
    const cancel = (i: number) => unary(this.client.cancelJob.bind(this.client), { id: ids[i] }, this.system.auth);
    const result = await closedLoop(cancel, ids.length, CANCELS_IN_FLIGHT);
    if (result.errors > 0) throw new Error(`${result.errors} CancelJob calls failed, the first: ${result.firstError}`);
  }

  async recorded(run: string): Promise<number> {
    const [{ n }] = await this.system.database.query<{ n: number }>(
      'select count(*)::int as n from catalog.job_executions where job_id = any($1::uuid[])',
      [this.runs.get(run) ?? []],
    );
    return n;
  }

  async collect(run: string): Promise<{ runs: RecurringRun[]; notes: string[] }> {
    const rows = await this.system.database.query<RunRow>(
      `select job_id, run_id, extract(epoch from started_at) * 1000 as started_ms,
              extract(epoch from created_at) * 1000 as recorded_ms, status
       from catalog.job_executions where job_id = any($1::uuid[]) and attempt_number = 1`,
      [this.runs.get(run) ?? []],
    );
    const ids = new Set(this.runs.get(run));
    this.runs.delete(run);
    const runs = rows.map((row) => ({
      job: row.job_id,
      dueMs: this.tap.runs.get(row.run_id)?.dueMs,
      startedMs: Number(row.started_ms),
    }));
    const notes: string[] = [];
    // The scheduler moves a recurring job on only once the run's outcome reaches it (one run in flight
    // at a time), to the next occurrence after that moment. job-catalog consumes the same outcome event,
    // so its recording time is a proxy for when the scheduler got it.
    const late = rows.filter((row) => {
      const due = this.tap.runs.get(row.run_id)?.dueMs;
      return due !== undefined && Number(row.recorded_ms) >= due + 1000;
    }).length;
    if (late > 0)
      notes.push(
        `${late} of ${rows.length} runs had their outcome recorded by job-catalog only once the job's next second had come: the scheduler, which consumes the same outcome, moves a recurring job to its next occurrence after the outcome arrives, so an outcome that late skips an occurrence`,
      );
    notes.push(...this.dispatchNotes(ids, rows));
    const failed = rows.filter((row) => row.status !== 'success').length;
    if (failed > 0) notes.push(`${failed} of ${rows.length} runs failed`);
    return { runs, notes };
  }

  // What the dispatch tap saw of these jobs: runs dispatched but never recorded, and where the lateness arose.
  private dispatchNotes(ids: Set<string>, rows: RunRow[]): string[] {
    const dispatched = [...this.tap.runs.entries()].filter(([, seen]) => ids.has(seen.jobId));
    const recorded = new Map(rows.map((row) => [row.run_id, Number(row.started_ms)]));
    const unrecorded = dispatched.filter(([runId]) => !recorded.has(runId)).length;
    const both = dispatched.filter(([runId]) => recorded.has(runId)).map(([runId, seen]) => ({ runId, ...seen }));
    const cell = (s: Summary) => `${s.p50.toFixed(0)} / ${s.p99.toFixed(0)} / ${s.max.toFixed(0)} ms`;
    return [
      `the scheduler dispatched ${dispatched.length} runs of these jobs (warm-up and wind-down included); ${unrecorded} of them have no execution recorded`,
      `due → dispatched p50 / p99 / max ${cell(summarize(both.map((x) => x.dispatchedMs - x.dueMs)))}; dispatched → started ${cell(summarize(both.map((x) => recorded.get(x.runId)! - x.dispatchedMs)))}`,
    ];
  }
}
