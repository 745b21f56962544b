import { descriptorSetPath, executor } from '@chrono/contracts';
import { GrpcServer, UnimplementedError, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';

export interface ExecutorServerDeps {
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of the executor: ExecutorService, plus health and reflection from the kit. */
export function buildServer({ authenticator, dependencies, log }: ExecutorServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'executor', log, descriptorSetPath, dependencies, authenticator });
  server.addService(executor.ExecutorServiceService, {
    listHandlers: async () => {
      throw new UnimplementedError('ListHandlers is not implemented yet');
    },
  });
  return server;
}
