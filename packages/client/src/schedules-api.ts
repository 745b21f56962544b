import type { scheduler } from '@chrono/contracts';
import type { PreviewInput } from './types';
import type { UnaryCaller } from './unary-caller';

/** Schedules (SchedulerService PreviewRuns): check a pattern or cron expression before a job uses it. */
export class SchedulesApi {
  constructor(
    private readonly client: scheduler.SchedulerServiceClient,
    private readonly caller: UnaryCaller,
  ) {}

  /** The next `count` (default 5) run times, earliest first. INVALID_ARGUMENT names a bad expression or zone. */
  async preview({ count = 5, start, ...schedule }: PreviewInput): Promise<Date[]> {
    const request = { ...schedule, start, count };
    const { runs } = await this.caller.call(this.client.previewRuns.bind(this.client), request, {
      authenticated: true,
    });
    return runs;
  }
}
