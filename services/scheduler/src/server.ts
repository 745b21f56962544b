import { descriptorSetPath, scheduler } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import type { SchedulePlanner } from './domain/schedule-planner';
import { previewRuns } from './handlers/preview-runs';
import { triggerNow } from './handlers/trigger-now';
import type { ScheduleStore } from './store/schedule-store';

export interface SchedulerServerDeps {
  store: ScheduleStore;
  planner: SchedulePlanner;
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of the scheduler: SchedulerService, plus health and reflection from the kit. */
export function buildServer({ store, planner, authenticator, dependencies, log }: SchedulerServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'scheduler', log, descriptorSetPath, dependencies, authenticator });
  server.addService(scheduler.SchedulerServiceService, { previewRuns: previewRuns(), triggerNow: triggerNow(store, planner) });
  return server;
}
