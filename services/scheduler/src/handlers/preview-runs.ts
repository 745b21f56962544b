import type { scheduler } from '@chrono/contracts';
import { InvalidArgumentError, type UnaryHandler } from '@chrono/kit';
import { InvalidScheduleError, previewRuns as preview } from '@chrono/recurrence';
import type { SchedulerHandlerDeps } from './handler-deps';

/**
 * PreviewRuns: the next run times of a pattern (anchored on `start`) or a cron expression (after
 * `start`). It only costs CPU, but that is the scheduler's: each user has a budget of calls.
 */
export function previewRuns({
  previewLimiter: limiter,
}: SchedulerHandlerDeps): UnaryHandler<scheduler.PreviewRunsRequest, scheduler.PreviewRunsResponse> {
  return async (request, ctx) => {
    await limiter.take(ctx.requireUserId());
    const { recurrencePattern, cronExpression, timezone, count } = request;
    // Said here rather than by @chrono/recurrence, whose message speaks of a recurring job.
    if (recurrencePattern === undefined && cronExpression === undefined)
      throw new InvalidArgumentError(
        'recurrencePattern',
        'give a recurrencePattern (hourly, daily, weekly, monthly) or a cronExpression',
      );
    const start = request.start ?? new Date();
    if (Number.isNaN(start.getTime())) throw new InvalidArgumentError('start', 'start must be a valid time');
    try {
      return { runs: preview({ anchor: start, pattern: recurrencePattern, cron: cronExpression, timezone }, count) };
    } catch (error) {
      if (error instanceof InvalidScheduleError) {
        // The anchor of a preview is called `start` in this request.
        const field = error.field === 'scheduledAt' ? 'start' : error.field;
        throw new InvalidArgumentError(field, error.message.replace(/^scheduledAt/, 'start'));
      }
      throw error;
    }
  };
}
