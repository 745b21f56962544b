import { auth, descriptorSetPath } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import { getJwks } from './handlers/get-jwks';
import { getMe } from './handlers/get-me';
import type { AuthHandlerDeps } from './handlers/handler-deps';
import { login } from './handlers/login';
import { register } from './handlers/register';

export interface AuthServerDeps extends AuthHandlerDeps {
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of auth: AuthService, plus health and reflection from the kit. */
export function buildServer(deps: AuthServerDeps): GrpcServer {
  const { authenticator, dependencies, log } = deps;
  const server = new GrpcServer({ name: 'auth', log, descriptorSetPath, dependencies, authenticator });
  server.addService(
    auth.AuthServiceService,
    { register: register(deps), login: login(deps), getMe: getMe(deps), getJwks: getJwks(deps) },
    { publicMethods: ['register', 'login', 'getJwks'] },
  );
  return server;
}
