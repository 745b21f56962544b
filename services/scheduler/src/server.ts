import { descriptorSetPath, scheduler } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger, type RateLimiter } from '@chrono/kit';
import type { RunQuota } from './domain/run-quota';
import type { SchedulePlanner } from './domain/schedule-planner';
import { previewRuns } from './handlers/preview-runs';
import { triggerNow } from './handlers/trigger-now';
import type { ScheduleStore } from './store/schedule-store';

export interface SchedulerServerDeps {
  store: ScheduleStore;
  planner: SchedulePlanner;
  quota: RunQuota;
  /** TriggerNow draws on each user's budget of changes (shared with job-catalog's writes). */
  writeLimiter: RateLimiter;
  previewLimiter: RateLimiter;
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of the scheduler: SchedulerService, plus health and reflection from the kit. */
export function buildServer({
  store,
  planner,
  quota,
  writeLimiter,
  previewLimiter,
  authenticator,
  dependencies,
  log,
}: SchedulerServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'scheduler', log, descriptorSetPath, dependencies, authenticator });
  server.addService(scheduler.SchedulerServiceService, {
    previewRuns: previewRuns(previewLimiter),
    triggerNow: triggerNow(store, planner, quota, writeLimiter),
  });
  return server;
}
