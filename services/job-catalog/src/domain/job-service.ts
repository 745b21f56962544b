import { AbortedError, FailedPreconditionError, NotFoundError, QuotaExceededError } from '@chrono/kit';
import { cancelledJob } from './cancellation';
import { isActiveStatus, type Job, type JobChange, type JobExecution } from './job';
import { updatedNotifications } from '../notifications/notification-spec';
import type { CreateJobInput, ListJobsInput, PageInput, UpdateJobInput } from './job-input';
import type { JobRepository, Page } from './job-repository';
import { checkJobSize, type JobMeasure } from './job-size';
import { checkJobTarget, sealJobTarget } from './job-target';
import {
  checkCatchUpWindow,
  checkDescription,
  checkJobId,
  checkListInput,
  checkMaxRetries,
  checkName,
  checkPage,
  checkPayload,
  checkSchedule,
  checkScheduledAt,
  checkTimeoutSeconds,
  checkType,
  type JobLimits,
} from './job-validation';
import { newJob, newJobs } from './new-job';
import { pausedJob, resumedJob } from './pause-rules';
import { nextRunOf } from './next-run';
import { checkOverlapPolicy } from './overlap-policy';

// Another user's job and a job that does not exist get the same answer.
const notFound = () => new NotFoundError('job not found');
const MAX_CONFLICT_RETRIES = 5;

/** Every operation on jobs, for one calling user at a time. */
export class JobService {
  /** `measure` gives the most bytes the job's events can take, checked against `limits.maxJobBytes`. */
  constructor(
    private readonly jobs: JobRepository,
    private readonly limits: JobLimits,
    private readonly measure: JobMeasure,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(userId: string, input: CreateJobInput): Promise<Job> {
    const job = newJob(userId, input, this.now(), this.limits, this.measure);
    await this.storeWithinQuota([job]);
    return job;
  }

  /** CreateJobs: every job checked before any is stored, then all stored in one transaction (or none, past the quota). */
  async createMany(userId: string, inputs: CreateJobInput[]): Promise<Job[]> {
    const jobs = newJobs(userId, inputs, this.now(), this.limits, this.measure);
    await this.storeWithinQuota(jobs);
    return jobs;
  }

  async get(userId: string, id: string): Promise<Job> {
    return (await this.jobs.findOwned(userId, checkJobId(id))) ?? Promise.reject(notFound());
  }

  /** The user's jobs with these ids, in this order (a replayed CreateJobs); a job since deleted is left out. */
  async getMany(userId: string, ids: string[]): Promise<Job[]> {
    const found = new Map((await this.jobs.findOwnedMany(userId, ids)).map((job) => [job.id, job]));
    return ids.flatMap((id) => found.get(id) ?? []);
  }

  async list(userId: string, input: ListJobsInput): Promise<Page<Job> & { page: number; limit: number }> {
    const { filter, page, limit } = checkListInput(input);
    return { ...(await this.jobs.list(userId, filter, page, limit)), page, limit };
  }

  /**
   * Changes only the fields present. Setting a recurrence pattern drops a cron expression and the
   * other way round; setting the type to one_time drops both. A change of the schedule of an active
   * job moves its next run; a finished or cancelled job keeps its status (reschedule revives it).
   */
  async update(userId: string, id: string, input: UpdateJobInput): Promise<Job> {
    return this.change(userId, id, (job) => {
      const type = input.type === undefined ? job.type : checkType(input.type);
      const scheduleTouched = ['type', 'scheduledAt', 'recurrencePattern', 'cronExpression', 'timezone'].some(
        (field) => input[field as keyof UpdateJobInput] !== undefined,
      );
      let { recurrencePattern, cronExpression, timezone } = job as {
        recurrencePattern?: string;
        cronExpression?: string;
        timezone?: string;
      };
      if (input.recurrencePattern !== undefined)
        [recurrencePattern, cronExpression, timezone] = [input.recurrencePattern, input.cronExpression, input.timezone];
      else if (input.cronExpression !== undefined)
        [recurrencePattern, cronExpression, timezone] = [undefined, input.cronExpression, input.timezone];
      else if (input.timezone !== undefined) timezone = input.timezone;
      if (type === 'one_time' && input.type !== undefined)
        [recurrencePattern, cronExpression, timezone] = [undefined, undefined, undefined];
      const scheduledAt = input.scheduledAt === undefined ? job.scheduledAt : checkScheduledAt(input.scheduledAt);
      const schedule = checkSchedule({ type, scheduledAt, recurrencePattern, cronExpression, timezone });
      // A paused job shows no next run until it is resumed, whatever its schedule becomes.
      const moves = isActive(job) && job.status !== 'paused';
      const timeoutSeconds =
        input.timeoutSeconds === undefined ? job.timeoutSeconds : checkTimeoutSeconds(input.timeoutSeconds);
      // A new timeout is checked against the target too: an http target bounds it.
      const targetTouched = input.target !== undefined || input.timeoutSeconds !== undefined;
      const target = targetTouched
        ? checkJobTarget(input.target ?? job.target, { userId: job.userId, timeoutSeconds }, this.limits.targets)
        : job.target;
      const updated: Job = {
        ...job,
        ...schedule,
        recurrencePattern: schedule.recurrencePattern,
        cronExpression: schedule.cronExpression,
        timezone: schedule.timezone,
        name: input.name === undefined ? job.name : checkName(input.name),
        description: input.description === undefined ? job.description : checkDescription(input.description),
        payload: input.payload === undefined ? job.payload : checkPayload(input.payload, this.limits),
        // Only a target sent anew is sealed: the stored one already is.
        target: input.target === undefined ? target : sealJobTarget(target, job.target, this.limits.targetSecrets),
        maxRetries: input.maxRetries === undefined ? job.maxRetries : checkMaxRetries(input.maxRetries, this.limits),
        timeoutSeconds,
        catchUpWindowMs:
          input.catchUpWindow === undefined ? job.catchUpWindowMs : checkCatchUpWindow(input.catchUpWindow),
        // The scheduler applies a new policy from the next occurrence on.
        overlapPolicy: checkOverlapPolicy(input.overlapPolicy, type, job.overlapPolicy),
        notifications: updatedNotifications(job, input, this.limits),
        nextRunAt: scheduleTouched && moves ? nextRunOf(schedule, this.now()) : job.nextRunAt,
      };
      checkJobSize(updated, this.limits.maxJobBytes, this.measure);
      return { job: updated, change: 'updated' };
    });
  }

  /** Stops a job for good. Cancelling a cancelled job changes nothing; a completed job cannot be cancelled. */
  async cancel(userId: string, id: string): Promise<Job> {
    return this.change(userId, id, (job) => {
      if (job.status === 'cancelled') return undefined;
      if (job.status === 'completed') throw new FailedPreconditionError('a completed job cannot be cancelled');
      return { job: cancelledJob(job), change: 'cancelled' };
    });
  }

  /** PauseJob (see pausedJob): pausing a paused job changes nothing. */
  async pause(userId: string, id: string): Promise<Job> {
    return this.change(userId, id, (job) => {
      const paused = pausedJob(job);
      return paused && { job: paused, change: 'paused' };
    });
  }

  /** ResumeJob (see resumedJob): resuming a job that is not paused changes nothing. */
  async resume(userId: string, id: string): Promise<Job> {
    return this.change(userId, id, (job) => {
      const resumed = resumedJob(job, this.now());
      return resumed && { job: resumed, change: 'resumed' };
    });
  }

  /**
   * Moves the job to a new time and makes it pending again, whatever its status was, except that a
   * paused job stays paused (resume runs it from its new time).
   */
  async reschedule(userId: string, id: string, scheduledAt: Date | undefined): Promise<Job> {
    const at = checkScheduledAt(scheduledAt);
    const current = await this.get(userId, id);
    // A finished or cancelled job that becomes pending again counts against the quota like a new one.
    if (!isActive(current)) await this.assertRoomForAnotherActiveJob(userId);
    return this.change(userId, id, (job) => {
      const schedule = checkSchedule({ ...job, scheduledAt: at });
      const paused = job.status === 'paused';
      return {
        job: {
          ...job,
          scheduledAt: at,
          status: paused ? 'paused' : 'pending',
          isActive: true,
          retryCount: 0,
          errorMessage: undefined,
          nextRunAt: paused ? undefined : nextRunOf(schedule, this.now()),
        },
        change: 'rescheduled',
      };
    });
  }

  async delete(userId: string, id: string): Promise<void> {
    const jobId = checkJobId(id);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const job = await this.jobs.findOwned(userId, jobId);
      if (!job) throw notFound();
      if (await this.jobs.delete(job)) return;
    }
    throw new AbortedError('the job changed while it was being deleted; try again');
  }

  async listExecutions(
    userId: string,
    id: string,
    input: PageInput,
  ): Promise<Page<JobExecution> & { page: number; limit: number }> {
    const job = await this.get(userId, id);
    const { page, limit } = checkPage(input);
    return { ...(await this.jobs.listExecutions(job.id, page, limit)), page, limit };
  }

  // New jobs of one user, stored unless they would take the user past the quota (checked as they are stored).
  private async storeWithinQuota(jobs: Job[]): Promise<void> {
    if (!(await this.jobs.insert(jobs, this.limits.maxActiveJobsPerUser))) throw this.activeJobsQuotaExceeded();
  }

  /**
   * The quota on pending, running and paused jobs per user, for a job that becomes active again (a
   * create checks it in the statement that stores the job). It reads the committed count, so changes
   * racing each other may each see room for one more.
   */
  private async assertRoomForAnotherActiveJob(userId: string): Promise<void> {
    if ((await this.jobs.countActive(userId)) + 1 > this.limits.maxActiveJobsPerUser)
      throw this.activeJobsQuotaExceeded();
  }

  private activeJobsQuotaExceeded(): QuotaExceededError {
    const limit = this.limits.maxActiveJobsPerUser;
    return new QuotaExceededError(
      'active_jobs',
      `too many active jobs: a user may have at most ${limit} pending, running or paused jobs (MAX_ACTIVE_JOBS_PER_USER); cancel or delete some first`,
    );
  }

  // Read, apply, write with an optimistic version check; a concurrent change makes it start over.
  private async change(
    userId: string,
    id: string,
    apply: (job: Job) => { job: Job; change: Exclude<JobChange, 'created' | 'deleted'> } | undefined,
  ): Promise<Job> {
    const jobId = checkJobId(id);
    for (let attempt = 0; attempt < MAX_CONFLICT_RETRIES; attempt++) {
      const current = await this.jobs.findOwned(userId, jobId);
      if (!current) throw notFound();
      const next = apply(current);
      if (!next) return current;
      const job = { ...next.job, version: current.version + 1, updatedAt: this.now() };
      if (await this.jobs.update(job, next.change)) return job;
    }
    throw new AbortedError('the job changed while it was being updated; try again');
  }
}

function isActive(job: Job): boolean {
  return isActiveStatus(job.status);
}
