import { credentials } from '@grpc/grpc-js';
import { jobService, type catalog } from '@chrono/contracts';
import { unary, waitFor } from '@chrono/testkit';
import type { Collected, Contender } from '../contender';
import type { ProcessGroups } from '../cpu-meter';
import { closedLoop } from '../load';
import { summarize, type JobTiming } from '../stats';
import { ChronoRecurring } from './chrono-recurring';
import { serviceSettings, type ChronoSystem } from './chrono-system';
import { DispatchTap } from './dispatch-tap';
import { oneTimeJobRequest } from './job-requests';
import { RestClient } from './rest-client';
import { fillSchedule } from './scale-setup';

const DAY_MS = 86_400_000;
/** Jobs per CreateJobs call, and such calls in flight, when the scenarios create their jobs. */
const BATCH = 1000;
const BATCHES_IN_FLIGHT = 4;

interface ExecutionRow {
  job_id: string;
  due_ms: number;
  started_ms: number;
  completed_ms: number;
  recorded_ms: number;
}

/**
 * This system, driven through its public API: jobs are created with CreateJob over gRPC (or POST
 * /jobs through the gateway), and their attempts are read back from job-catalog's PostgreSQL
 * tables, where every attempt is recorded.
 */
export class ChronoContender implements Contender {
  readonly name = 'chrono';
  readonly recurring: ChronoRecurring;
  private readonly client: jobService.JobServiceClient;
  private readonly rest: RestClient;
  private readonly runs = new Map<string, string[]>();
  private created = 0;
  /** A job created through the API whose rows the scale scenario copies. */
  private template?: string;

  private constructor(
    readonly system: ChronoSystem,
    private readonly tap: DispatchTap,
    private readonly workerConcurrency: number,
  ) {
    this.client = new jobService.JobServiceClient(system.services['job-catalog'].address, credentials.createInsecure());
    this.rest = new RestClient(system.gatewayPort, system.auth, 256);
    this.recurring = new ChronoRecurring(this.client, system, tap);
  }

  static async open(system: ChronoSystem, workerConcurrency: number): Promise<ChronoContender> {
    return new ChronoContender(system, await DispatchTap.open(system.nats.url), workerConcurrency);
  }

  readonly measuring = (run: string): void => this.system.measuring(run);

  async begin(run: string): Promise<void> {
    this.runs.set(run, []);
  }

  /** Through CreateJobs, 1,000 jobs a call (as the peers add theirs in bulk), a few calls in flight. */
  async create(run: string, dueTimes: number[], concurrency: number): Promise<void> {
    const ids = this.runs.get(run) as string[];
    const chunks = Math.ceil(dueTimes.length / BATCH);
    const createChunk = async (chunk: number) => {
      const requests = dueTimes
        .slice(chunk * BATCH, (chunk + 1) * BATCH)
        .map((due) => oneTimeJobRequest(`${run}-${++this.created}`, due));
      const { jobs } = await unary(this.client.createJobs.bind(this.client), { requests }, this.system.auth);
      ids.push(...jobs.map((job) => job.id));
    };
    const result = await closedLoop(createChunk, chunks, Math.min(concurrency, BATCHES_IN_FLIGHT));
    if (result.errors > 0) throw new Error(`${result.errors} CreateJobs calls failed, the first: ${result.firstError}`);
  }

  async settled(run: string, count: number, dueMs: number): Promise<string | undefined> {
    const ids = this.runs.get(run) as string[];
    for (;;) {
      const [{ n }] = await this.system.database.query<{ n: number }>(
        'select count(*)::int as n from scheduler.schedules where job_id = any($1::uuid[])',
        [ids],
      );
      if (n >= count) break;
      if (Date.now() > dueMs + 60_000) return `only ${n} of ${count} schedule rows existed a minute after the due time`;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const late = Date.now() - dueMs;
    return late > 0 ? `the scheduler held all ${count} rows only ${late} ms after the due time` : undefined;
  }

  async caughtUp(): Promise<void> {
    const behind = async () => {
      const [{ n }] = await this.system.database.query<{ n: number }>(
        'select (select count(*) from catalog.jobs) - (select count(*) from scheduler.schedules) as n',
      );
      return Number(n) <= 0;
    };
    await waitFor(behind, { timeoutMs: 300_000, intervalMs: 100, what: 'the scheduler to take in every job created' });
  }

  async collect(run: string, count: number, timeoutMs: number): Promise<Collected> {
    const ids = this.runs.get(run) as string[];
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const [{ n }] = await this.system.database.query<{ n: number }>(
        'select count(*)::int as n from catalog.job_executions where job_id = any($1::uuid[])',
        [ids],
      );
      if (n >= count) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    // Epoch milliseconds as floats keep PostgreSQL's microseconds.
    const rows = await this.system.database.query<ExecutionRow>(
      `select e.job_id, extract(epoch from j.scheduled_at) * 1000 as due_ms, extract(epoch from e.started_at) * 1000 as started_ms,
              extract(epoch from e.completed_at) * 1000 as completed_ms, extract(epoch from e.created_at) * 1000 as recorded_ms
       from catalog.job_executions e join catalog.jobs j on j.id = e.job_id where e.job_id = any($1::uuid[]) and e.attempt_number = 1`,
      [ids],
    );
    const timings: JobTiming[] = rows.map((row) => ({
      dueMs: Number(row.due_ms),
      startedMs: Number(row.started_ms),
      recordedMs: Number(row.recorded_ms),
    }));
    const dispatched = rows
      .map((row) => ({ row, tap: this.tap.seen.get(row.job_id) }))
      .filter((x) => x.tap !== undefined);
    const stages = {
      'due → dispatched (scheduler)': summarize(dispatched.map(({ tap }) => tap!.dispatchedMs - tap!.dueMs)),
      'dispatched → started (NATS, executor)': summarize(
        dispatched.map(({ row, tap }) => Number(row.started_ms) - tap!.dispatchedMs),
      ),
      'started → completed (handler)': summarize(rows.map((row) => Number(row.completed_ms) - Number(row.started_ms))),
      'completed → recorded (NATS, catalog)': summarize(
        rows.map((row) => Number(row.recorded_ms) - Number(row.completed_ms)),
      ),
    };
    const notes =
      dispatched.length < rows.length ? [`the dispatch tap saw ${dispatched.length} of ${rows.length} requests`] : [];
    const republished = ids.filter((id) => this.tap.republished.has(id)).length;
    if (republished > 0)
      notes.push(
        `${republished} dispatch requests were published a second time: their claim lapsed (SCHEDULER_LEASE, 10 s) before the dispatch was recorded`,
      );
    notes.push(await this.completedNote(ids));
    return { timings, stages, notes };
  }

  // The scheduler reports each job's end to job-catalog as a state; a few seconds after the last execution is recorded, every job should show it.
  private async completedNote(ids: string[]): Promise<string> {
    const completed = async () =>
      (
        await this.system.database.query<{ n: number }>(
          "select count(*)::int as n from catalog.jobs where id = any($1::uuid[]) and status = 'completed'",
          [ids],
        )
      )[0].n;
    const deadline = Date.now() + 5000;
    let n = await completed();
    while (n < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      n = await completed();
    }
    return n === ids.length
      ? `all ${n} jobs show status completed`
      : `only ${n} of ${ids.length} jobs show status completed 5 s after the last execution was recorded (the rest stay running: see bench/README.md, "Known problems")`;
  }

  async end(run: string): Promise<void> {
    this.runs.delete(run);
  }

  async enqueueOne(i: number): Promise<void> {
    this.template = (await this.createJob(`api-grpc-${i}`, Date.now() + DAY_MS)).id;
  }

  async fill(count: number, deadlineMs: number): Promise<number> {
    const template = (this.template ??= (await this.createJob('scale-template', Date.now() + DAY_MS)).id);
    const scheduled = async () =>
      (await this.system.database.query('select 1 from scheduler.schedules where job_id = $1', [template])).length > 0;
    await waitFor(scheduled, { what: 'the template job in scheduler.schedules' });
    return fillSchedule(this.system.database, template, count, deadlineMs);
  }

  processes(): ProcessGroups {
    return this.system.processes();
  }

  memory(): Record<string, number> {
    const { rssMiB, peakMiB } = this.system.memoryOf('scheduler');
    return { 'scheduler RSS (MiB)': rssMiB, 'scheduler peak RSS (MiB)': peakMiB };
  }

  /** POST /jobs through the REST gateway. */
  async enqueueOneOverRest(i: number): Promise<void> {
    await this.rest.post('/jobs', {
      name: `api-rest-${i}`,
      type: 'one_time',
      scheduledAt: new Date(Date.now() + DAY_MS).toISOString(),
      payload: {},
    });
  }

  /** Ids of the jobs of a run, in creation order. */
  idsOf(run: string): string[] {
    return this.runs.get(run) ?? [];
  }

  tuning(): string[] {
    const settings = serviceSettings(this.workerConcurrency);
    return [
      'all five processes started as `npm start` starts them, in a fresh database and with a NATS JetStream server of their own',
      `LOG_LEVEL=warn for every service (info logs a line per RPC and per job)`,
      `job-catalog: RATE_LIMIT_WRITES_PER_SECOND=${settings['job-catalog'].RATE_LIMIT_WRITES_PER_SECOND}, RATE_LIMIT_WRITE_BURST=${settings['job-catalog'].RATE_LIMIT_WRITE_BURST} (the per-user write limit, 50/s by default, would refuse the load), MAX_ACTIVE_JOBS_PER_USER=${settings['job-catalog'].MAX_ACTIVE_JOBS_PER_USER} (10,000 by default)`,
      `scheduler: MAX_RUNS_PER_USER_PER_MINUTE=${settings.scheduler.MAX_RUNS_PER_USER_PER_MINUTE} (10,000 by default; the burst alone is 5,000 runs of one user)`,
      `executor: EXECUTOR_CONCURRENCY=${this.workerConcurrency}, EXECUTOR_MAX_SLOTS_PER_USER=${settings.executor.EXECUTOR_MAX_SLOTS_PER_USER} (half the slots by default; the bench's one user may take them all); scheduler: defaults (SCHEDULER_LOOKAHEAD=1s, SCHEDULER_POLL_INTERVAL=500ms, SCHEDULER_BATCH_SIZE=1000, SCHEDULER_LEASE=10s) ` +
        `but LOST_RUN_GRACE=${settings.scheduler.LOST_RUN_GRACE}, so that jobs whose outcome the scheduler dropped are not re-run in the middle of later scenarios (see the notes)`,
      'jobs: one_time, no target (the default handler: a no-op that returns the payload); durability: PostgreSQL (fsync and synchronous_commit on) and JetStream file storage',
      'recurring jobs: CreateJobs with cronExpression `* * * * * *` and timezone UTC, stopped with CancelJob; a run is its first attempt in job_executions, its due time the dueAt of its DispatchRequest (dispatch tap)',
    ];
  }

  async stop(): Promise<void> {
    this.client.close();
    this.rest.close();
    await this.tap.close();
  }

  private createJob(name: string, dueMs: number): Promise<catalog.Job> {
    return unary(this.client.createJob.bind(this.client), oneTimeJobRequest(name, dueMs), this.system.auth);
  }
}
