import { descriptorSetPath, scheduler } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import type { SchedulerHandlerDeps } from './handlers/handler-deps';
import { previewRuns } from './handlers/preview-runs';
import { triggerNow } from './handlers/trigger-now';

export interface SchedulerServerDeps extends SchedulerHandlerDeps {
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of the scheduler: SchedulerService, plus health and reflection from the kit. */
export function buildServer(deps: SchedulerServerDeps): GrpcServer {
  const { authenticator, dependencies, log } = deps;
  const server = new GrpcServer({ name: 'scheduler', log, descriptorSetPath, dependencies, authenticator });
  server.addService(scheduler.SchedulerServiceService, {
    previewRuns: previewRuns(deps),
    triggerNow: triggerNow(deps),
  });
  return server;
}
