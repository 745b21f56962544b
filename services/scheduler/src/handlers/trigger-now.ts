import type { scheduler } from '@chrono/contracts';
import { InvalidArgumentError, isUuid, NotFoundError, type UnaryHandler } from '@chrono/kit';
import { stateMessage } from '../events/messages';
import type { SchedulerHandlerDeps } from './handler-deps';

/**
 * TriggerNow: a run of one of the caller's jobs now; its schedule then goes on as before. A call
 * takes a token of the user's budget of changes, and the run one of their runs per minute
 * (RESOURCE_EXHAUSTED when either is spent; a triggered run is never deferred).
 */
export function triggerNow({
  store,
  planner,
  quota,
  writeLimiter: limiter,
}: SchedulerHandlerDeps): UnaryHandler<scheduler.TriggerNowRequest, scheduler.TriggerNowResponse> {
  return async (request, ctx) => {
    const userId = ctx.requireUserId();
    if (!isUuid(request.id)) throw new InvalidArgumentError('id', request.id ? 'id must be a UUID' : 'id is required');
    ctx.annotate({ jobId: request.id });
    await limiter.take(userId);
    const now = new Date();
    const charge = (_rows: unknown, fullAt: Map<string, Date | undefined>) => ({
      fullAt: new Map([[userId, quota.admitNow(fullAt.get(userId), now)]]),
      deferred: [],
    });
    const change = await store.change(
      request.id.toLowerCase(),
      (current) => {
        const next = planner.triggerNow(current, userId, now);
        return { next, messages: [stateMessage(next, now)] };
      },
      charge,
    );
    const next = change?.next;
    if (!next) throw new NotFoundError('job not found');
    return { jobId: next.jobId, runId: next.runId, dueAt: next.nextRunAt };
  };
}
