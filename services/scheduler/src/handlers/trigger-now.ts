import type { scheduler } from '@chrono/contracts';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, type UnaryHandler } from '@chrono/kit';
import type { SchedulePlanner } from '../domain/schedule-planner';
import { stateMessage } from '../events/messages';
import type { ScheduleStore } from '../store/schedule-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** TriggerNow: a run of one of the caller's jobs now; its schedule then goes on as before. */
export function triggerNow(store: ScheduleStore, planner: SchedulePlanner): UnaryHandler<scheduler.TriggerNowRequest, scheduler.TriggerNowResponse> {
  return async (request, ctx) => {
    const userId = ctx.requireUserId();
    if (!UUID.test(request.id)) throw new InvalidArgumentError('id', request.id ? 'id must be a UUID' : 'id is required');
    ctx.annotate({ jobId: request.id });
    const change = await store.change(request.id.toLowerCase(), (current) => {
      // Another user's job and a job the scheduler does not know get the same answer.
      if (!current || current.userId !== userId || current.state === 'deleted') throw new NotFoundError('job not found');
      if (current.status === 'cancelled') throw new FailedPreconditionError('a cancelled job cannot be triggered; reschedule it first');
      if (current.state === 'dispatched') throw new FailedPreconditionError('a run of this job is in progress');
      const now = new Date();
      const next = { ...planner.triggered(current, now), sequence: current.sequence + 1 };
      return { next, messages: [stateMessage(next, now)] };
    });
    const next = change?.next;
    if (!next) throw new NotFoundError('job not found');
    return { jobId: next.jobId, runId: next.runId, dueAt: next.nextRunAt };
  };
}
