import { descriptorSetPath, scheduler } from '@chrono/contracts';
import { GrpcServer, UnimplementedError, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';

export interface SchedulerServerDeps {
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

const notYet = (rpc: string) => async (): Promise<never> => {
  throw new UnimplementedError(`${rpc} is not implemented yet`);
};

/** The gRPC server of the scheduler: SchedulerService, plus health and reflection from the kit. */
export function buildServer({ authenticator, dependencies, log }: SchedulerServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'scheduler', log, descriptorSetPath, dependencies, authenticator });
  server.addService(scheduler.SchedulerServiceService, { previewRuns: notYet('PreviewRuns'), triggerNow: notYet('TriggerNow') });
  return server;
}
