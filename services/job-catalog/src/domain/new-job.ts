import { randomUUID } from 'node:crypto';
import { InvalidArgumentError } from '@chrono/kit';
import type { Job } from './job';
import type { CreateJobInput } from './job-input';
import { checkJobSize, type JobMeasure } from './job-size';
import { checkJobTarget, sealJobTarget } from './job-target';
import {
  checkCatchUpWindow,
  checkDescription,
  checkMaxRetries,
  checkName,
  checkPayload,
  checkSchedule,
  checkScheduledAt,
  checkTimeoutSeconds,
  checkType,
  type JobLimits,
} from './job-validation';
import { nextRunOf } from './next-run';
import { checkOverlapPolicy } from './overlap-policy';
import { checkNotifications } from '../notifications/notification-spec';

/** Most jobs one CreateJobs call may create. */
export const MAX_JOBS_PER_BATCH = 1000;

/** A new job of `userId` from a create request, every field checked; throws InvalidArgumentError naming the field. */
export function newJob(userId: string, input: CreateJobInput, now: Date, limits: JobLimits, measure: JobMeasure): Job {
  const type = checkType(input.type);
  const schedule = checkSchedule({
    type,
    scheduledAt: checkScheduledAt(input.scheduledAt),
    recurrencePattern: input.recurrencePattern,
    cronExpression: input.cronExpression,
    timezone: input.timezone,
  });
  const timeoutSeconds = checkTimeoutSeconds(input.timeoutSeconds);
  const job: Job = {
    id: randomUUID(),
    userId,
    name: checkName(input.name),
    description: checkDescription(input.description),
    ...schedule,
    status: 'pending',
    payload: checkPayload(input.payload, limits),
    target: sealJobTarget(
      checkJobTarget(input.target, { userId, timeoutSeconds }, limits.targets),
      undefined,
      limits.targetSecrets,
    ),
    timeoutSeconds,
    catchUpWindowMs: checkCatchUpWindow(input.catchUpWindow),
    overlapPolicy: checkOverlapPolicy(input.overlapPolicy, type),
    ...(input.notifications?.length && {
      notifications: checkNotifications(input.notifications, undefined, limits.targets, limits.targetSecrets),
    }),
    maxRetries: checkMaxRetries(input.maxRetries, limits),
    retryCount: 0,
    nextRunAt: nextRunOf(schedule, now),
    isActive: true,
    version: 1,
    stateSequence: 0,
    createdAt: now,
    updatedAt: now,
  };
  checkJobSize(job, limits.maxJobBytes, measure);
  return job;
}

/** The new jobs of a CreateJobs call, in its order; a bad entry is named in the error (`requests[17].cronExpression`). */
export function newJobs(
  userId: string,
  inputs: CreateJobInput[],
  now: Date,
  limits: JobLimits,
  measure: JobMeasure,
): Job[] {
  checkBatchSize(inputs.length);
  return inputs.map((input, index) => {
    try {
      return newJob(userId, input, now, limits, measure);
    } catch (error) {
      if (!(error instanceof InvalidArgumentError)) throw error;
      const field = `requests[${index}].${error.field}`;
      // Messages mostly start with the field's name; the entry's place goes before it.
      const message = error.message.startsWith(error.field)
        ? `requests[${index}].${error.message}`
        : `${field}: ${error.message}`;
      throw new InvalidArgumentError(field, message);
    }
  });
}

/** A CreateJobs call holds 1 to MAX_JOBS_PER_BATCH jobs. */
export function checkBatchSize(count: number): void {
  if (count === 0) throw new InvalidArgumentError('requests', 'requests must hold at least one job');
  if (count > MAX_JOBS_PER_BATCH)
    throw new InvalidArgumentError('requests', `requests may hold at most ${MAX_JOBS_PER_BATCH} jobs, got ${count}`);
}
