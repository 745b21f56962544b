import { descriptorSetPath, executor } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import type { HandlerRegistry } from './domain/handler-registry';
import { listHandlers } from './handlers/list-handlers';

export interface ExecutorServerDeps {
  registry: HandlerRegistry;
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of the executor: ExecutorService, plus health and reflection from the kit. */
export function buildServer(deps: ExecutorServerDeps): GrpcServer {
  const { authenticator, dependencies, log } = deps;
  const server = new GrpcServer({ name: 'executor', log, descriptorSetPath, dependencies, authenticator });
  server.addService(executor.ExecutorServiceService, { listHandlers: listHandlers(deps) });
  return server;
}
