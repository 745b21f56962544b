import type { RateLimiter } from '@chrono/kit';
import type { RunQuota } from '../domain/run-quota';
import type { SchedulePlanner } from '../domain/schedule-planner';
import type { ScheduleStore } from '../store/schedule-store';

/** What the RPC handlers of SchedulerService need; each takes the parts it uses. */
export interface SchedulerHandlerDeps {
  store: ScheduleStore;
  planner: SchedulePlanner;
  quota: RunQuota;
  /** TriggerNow draws on each user's budget of changes (shared with job-catalog's writes). */
  writeLimiter: RateLimiter;
  previewLimiter: RateLimiter;
  /** How long TriggerNow waits for a job whose creation has not reached the scheduler yet. */
  triggerWaitForJobMs: number;
}
