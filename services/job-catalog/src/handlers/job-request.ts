import type { jobService } from '@chrono/contracts';
import type { CreateJobInput, UpdateJobInput } from '../domain/job-input';
import { targetFromMessage } from './job-message';

/** The job fields of a CreateJob request, as the domain takes them. */
export function createInput(request: jobService.CreateJobRequest): CreateJobInput {
  return {
    name: request.name,
    description: request.description,
    type: request.type,
    payload: request.payload,
    scheduledAt: request.scheduledAt,
    recurrencePattern: request.recurrencePattern,
    cronExpression: request.cronExpression,
    timezone: request.timezone,
    maxRetries: request.maxRetries,
    target: targetFromMessage(request.target),
    timeoutSeconds: request.timeoutSeconds,
    catchUpWindow: request.catchUpWindow,
    overlapPolicy: request.overlapPolicy,
    notifications: request.notifications,
  };
}

/** The fields an UpdateJob request sets; absent ones stay undefined and do not change. */
export function updateInput(request: jobService.UpdateJobRequest): UpdateJobInput {
  const { id: _id, target, notifications, clearNotifications, ...fields } = request;
  const present = Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as UpdateJobInput;
  return {
    ...present,
    ...(target !== undefined && { target: targetFromMessage(target) }),
    ...(notifications.length > 0 && { notifications }),
    ...(clearNotifications && { clearNotifications }),
  };
}
