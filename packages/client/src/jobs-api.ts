import { randomUUID } from 'node:crypto';
import type { catalog, jobService, scheduler } from '@chrono/contracts';
import { everyItem } from './every-item';
import type {
  CreateJobInput,
  Job,
  JobExecution,
  JobFilter,
  Occurrence,
  OccurrenceRequest,
  Page,
  PageRequest,
  TriggeredRun,
  UpdateJobInput,
} from './types';
import type { UnaryCaller } from './unary-caller';

const LIST_PAGE_SIZE = 100;
const authenticated = { authenticated: true } as const;

/** The caller's jobs (JobService, and SchedulerService's TriggerNow). Someone else's job is NotFoundError. */
export class JobsApi {
  constructor(
    private readonly catalog: jobService.JobServiceClient,
    private readonly scheduler: scheduler.SchedulerServiceClient,
    private readonly caller: UnaryCaller,
  ) {}

  /**
   * Creates a job. The call carries an idempotency key (a new UUID unless `idempotencyKey` is given), so
   * the retries of this call, or a caller's retry with the same key, return the first job, never a second.
   */
  async create(input: CreateJobInput, { idempotencyKey = randomUUID() }: { idempotencyKey?: string } = {}) {
    const job = await this.caller.call(this.catalog.createJob.bind(this.catalog), createRequest(input), {
      authenticated: true,
      headers: { 'idempotency-key': idempotencyKey },
    });
    return job as Job;
  }

  /**
   * Creates up to 1,000 jobs in one call, all or none (CreateJobs), answered in the order given; a bad
   * entry is an InvalidArgumentError naming it (`requests[3].cronExpression`). Idempotent like create.
   */
  async createMany(
    inputs: CreateJobInput[],
    { idempotencyKey = randomUUID() }: { idempotencyKey?: string } = {},
  ): Promise<Job[]> {
    const response = await this.caller.call(
      this.catalog.createJobs.bind(this.catalog),
      { requests: inputs.map(createRequest) },
      { authenticated: true, headers: { 'idempotency-key': idempotencyKey } },
    );
    return response.jobs as Job[];
  }

  async get(id: string): Promise<Job> {
    return (await this.caller.call(this.catalog.getJob.bind(this.catalog), { id }, authenticated)) as Job;
  }

  /** Every job that matches the filter, newest first, fetched a page of 100 at a time as the loop goes. */
  list(filter: JobFilter = {}): AsyncIterable<Job> {
    return everyItem((page) => this.listPage({ ...filter, page, limit: LIST_PAGE_SIZE }));
  }

  /** One page of jobs, newest first. */
  async listPage({ fromDate, toDate, ...rest }: JobFilter & PageRequest = {}): Promise<Page<Job>> {
    const request = { ...rest, fromDate: dateFilter(fromDate), toDate: dateFilter(toDate) };
    const page = await this.caller.call(this.catalog.listJobs.bind(this.catalog), request, authenticated);
    return { ...page, items: page.items as Job[] };
  }

  /** Changes only the fields given. */
  async update(id: string, changes: UpdateJobInput): Promise<Job> {
    const { payload, scheduledAt, target, catchUpWindowSeconds, notifications, clearNotifications, ...rest } = changes;
    const catchUpWindow = durationOf(catchUpWindowSeconds);
    const request: jobService.UpdateJobRequest = {
      id,
      ...rest,
      payload,
      scheduledAt,
      target,
      catchUpWindow,
      notifications: notifications ?? [],
      clearNotifications: clearNotifications ?? false,
    };
    return (await this.caller.call(this.catalog.updateJob.bind(this.catalog), request, authenticated)) as Job;
  }

  /** Stops the job for good; cancelling again changes nothing; a completed job is FailedPreconditionError. */
  async cancel(id: string): Promise<Job> {
    return (await this.caller.call(this.catalog.cancelJob.bind(this.catalog), { id }, authenticated)) as Job;
  }

  /** Pauses the job: it keeps its schedule and does not run until resumed; pausing again changes nothing. */
  async pause(id: string): Promise<Job> {
    return (await this.caller.call(this.catalog.pauseJob.bind(this.catalog), { id }, authenticated)) as Job;
  }

  /** Resumes a paused job, its next run planned from now under its catch-up window; otherwise changes nothing. */
  async resume(id: string): Promise<Job> {
    return (await this.caller.call(this.catalog.resumeJob.bind(this.catalog), { id }, authenticated)) as Job;
  }

  /** Moves the job to `scheduledAt`; any job becomes pending again (a paused one stays paused). */
  async reschedule(id: string, scheduledAt: Date): Promise<Job> {
    const request = { id, scheduledAt };
    return (await this.caller.call(this.catalog.rescheduleJob.bind(this.catalog), request, authenticated)) as Job;
  }

  /** Removes the job and its history. */
  async delete(id: string): Promise<void> {
    await this.caller.call(this.catalog.deleteJob.bind(this.catalog), { id }, authenticated);
  }

  /** One page of the job's attempts, newest first. */
  async executions(id: string, { page, limit }: PageRequest = {}): Promise<Page<JobExecution>> {
    const request = { id, page, limit };
    const result = await this.caller.call(this.catalog.listJobExecutions.bind(this.catalog), request, authenticated);
    return { ...result, items: result.items as JobExecution[] };
  }

  /** One page of the job's occurrence ledger, newest due time first (its stats come with `get`). */
  async occurrences(id: string, { from, to, page, limit }: OccurrenceRequest = {}): Promise<Page<Occurrence>> {
    const request = { id, from: dateFilter(from), to: dateFilter(to), page, limit };
    const result = await this.caller.call(this.catalog.listOccurrences.bind(this.catalog), request, authenticated);
    return { ...result, items: result.items as Occurrence[] };
  }

  /** One page of the job's notification deliveries, newest first. */
  async notifications(id: string, { page, limit }: PageRequest = {}): Promise<Page<catalog.NotificationDelivery>> {
    const list = this.catalog.listNotificationDeliveries.bind(this.catalog);
    return this.caller.call(list, { id, page, limit }, authenticated);
  }

  /** The caller's secret that signs their notifications (made on first use). */
  async notificationSecret(): Promise<jobService.NotificationSecret> {
    return this.caller.call(this.catalog.getNotificationSecret.bind(this.catalog), {}, authenticated);
  }

  /** Replaces the caller's notification secret; returns the new one. */
  async rotateNotificationSecret(): Promise<jobService.NotificationSecret> {
    return this.caller.call(this.catalog.rotateNotificationSecret.bind(this.catalog), {}, authenticated);
  }

  /** Runs the job now, outside its schedule; FailedPreconditionError while a run is in flight or once cancelled. */
  async trigger(id: string): Promise<TriggeredRun> {
    const run = await this.caller.call(this.scheduler.triggerNow.bind(this.scheduler), { id }, authenticated);
    return { jobId: run.jobId, runId: run.runId, dueAt: run.dueAt! };
  }
}

function dateFilter(value: Date | string | undefined): string | undefined {
  return value instanceof Date ? value.toISOString() : value;
}

function createRequest({ catchUpWindowSeconds, ...input }: CreateJobInput): jobService.CreateJobRequest {
  const type = input.type ?? (input.recurrencePattern || input.cronExpression ? 'recurring' : 'one_time');
  return {
    ...input,
    type,
    payload: input.payload,
    target: input.target,
    catchUpWindow: durationOf(catchUpWindowSeconds),
    notifications: input.notifications ?? [],
  };
}

function durationOf(seconds: number | undefined): { seconds: number; nanos: number } | undefined {
  return seconds === undefined ? undefined : { seconds, nanos: 0 };
}
