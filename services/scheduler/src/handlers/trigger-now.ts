import type { scheduler } from '@chrono/contracts';
import { currentTraceParent, InvalidArgumentError, isUuid, NotFoundError, type UnaryHandler } from '@chrono/kit';
import { setTimeout as sleep } from 'node:timers/promises';
import { stateMessage } from '../events/messages';
import type { SchedulerHandlerDeps } from './handler-deps';

/**
 * TriggerNow: a run of one of the caller's jobs now; its schedule then goes on as before. A call
 * takes a token of the user's budget of changes, and the run one of their runs per minute
 * (RESOURCE_EXHAUSTED when either is spent; a triggered run is never deferred).
 *
 * A job reaches the scheduler through job-catalog's outbox a few milliseconds after CreateJob
 * answers, so a trigger right after a create can find no schedule yet: it then waits up to
 * `triggerWaitForJobMs` for one to appear before it answers NOT_FOUND.
 */
export function triggerNow({
  store,
  planner,
  quota,
  writeLimiter: limiter,
  triggerWaitForJobMs,
}: SchedulerHandlerDeps): UnaryHandler<scheduler.TriggerNowRequest, scheduler.TriggerNowResponse> {
  return async (request, ctx) => {
    const userId = ctx.requireUserId();
    if (!isUuid(request.id)) throw new InvalidArgumentError('id', request.id ? 'id must be a UUID' : 'id is required');
    ctx.annotate({ jobId: request.id });
    await limiter.take(userId);
    const jobId = request.id.toLowerCase();
    const giveUpAt = Date.now() + triggerWaitForJobMs;
    for (let pause = 20; ; pause = Math.min(pause * 2, 250)) {
      let scheduleFound = false;
      const now = new Date();
      const charge = (_rows: unknown, fullAt: Map<string, Date | undefined>) => ({
        fullAt: new Map([[userId, quota.admitNow(fullAt.get(userId), now)]]),
        deferred: [],
      });
      try {
        const change = await store.change(
          jobId,
          (current) => {
            scheduleFound = current !== undefined;
            const triggered = planner.triggerNow(current, userId, now);
            // The run it starts belongs to this request's trace, when traced.
            const traceParent = currentTraceParent();
            const next = traceParent ? { ...triggered, traceParent } : triggered;
            return { next, messages: [stateMessage(next, now, traceParent)] };
          },
          charge,
        );
        const next = change?.next;
        if (!next) throw new NotFoundError('job not found');
        return { jobId: next.jobId, runId: next.runId, dueAt: next.nextRunAt };
      } catch (error) {
        const mayStillArrive = error instanceof NotFoundError && !scheduleFound && Date.now() + pause < giveUpAt;
        if (!mayStillArrive) throw error;
      }
      await sleep(pause);
    }
  };
}
