import { auth, authInternal, descriptorSetPath } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import { createApiKey } from './handlers/create-api-key';
import { deleteApiKey } from './handlers/delete-api-key';
import { getJwks } from './handlers/get-jwks';
import { getMe } from './handlers/get-me';
import type { AuthHandlerDeps } from './handlers/handler-deps';
import { deleteMe } from './handlers/delete-me';
import { listApiKeys } from './handlers/list-api-keys';
import { login } from './handlers/login';
import { logout } from './handlers/logout';
import { logoutAll } from './handlers/logout-all';
import { refresh } from './handlers/refresh';
import { register } from './handlers/register';
import { verifyApiKey } from './handlers/verify-api-key';

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
    {
      register: register(deps),
      login: login(deps),
      refresh: refresh(deps),
      logout: logout(deps),
      logoutAll: logoutAll(deps),
      deleteMe: deleteMe(deps),
      getMe: getMe(deps),
      getJwks: getJwks(deps),
      createApiKey: createApiKey(deps),
      listApiKeys: listApiKeys(deps),
      deleteApiKey: deleteApiKey(deps),
    },
    // Refresh proves who calls with its refresh token, not a bearer token.
    { publicMethods: ['register', 'login', 'refresh', 'getJwks'] },
  );
  // For the other services only (no REST route, nothing routed by Envoy); the key asked about is the credential.
  server.addService(
    authInternal.AuthInternalServiceService,
    { verifyApiKey: verifyApiKey(deps) },
    { publicMethods: ['verifyApiKey'] },
  );
  return server;
}
