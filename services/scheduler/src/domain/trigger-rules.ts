import { FailedPreconditionError, NotFoundError } from '@chrono/kit';
import type { Schedule } from './schedule';

/**
 * Whether `userId` may trigger a run of the job now (TriggerNow): throws the refusal otherwise. Another
 * user's job and one the scheduler does not know get the same answer.
 */
export function assertTriggerable(schedule: Schedule | undefined, userId: string): asserts schedule is Schedule {
  if (!schedule || schedule.userId !== userId || schedule.state === 'deleted') throw new NotFoundError('job not found');
  if (schedule.status === 'cancelled')
    throw new FailedPreconditionError('a cancelled job cannot be triggered; reschedule it first');
  if (schedule.state === 'paused')
    throw new FailedPreconditionError('a paused job cannot be triggered; resume it first');
  if (schedule.state === 'dispatched') throw new FailedPreconditionError('a run of this job is in progress');
}
