import { auth, descriptorSetPath } from '@chrono/contracts';
import { GrpcServer, type Authenticator, type DependencyCheck, type Logger } from '@chrono/kit';
import type { AccountService } from './domain/account-service';
import { getJwks } from './handlers/get-jwks';
import { getMe } from './handlers/get-me';
import { login } from './handlers/login';
import { register } from './handlers/register';
import type { SigningKey } from './tokens/signing-key';

export interface AuthServerDeps {
  accounts: AccountService;
  keys: SigningKey[];
  authenticator: Authenticator;
  dependencies: DependencyCheck[];
  log: Logger;
}

/** The gRPC server of auth: AuthService, plus health and reflection from the kit. */
export function buildServer({ accounts, keys, authenticator, dependencies, log }: AuthServerDeps): GrpcServer {
  const server = new GrpcServer({ name: 'auth', log, descriptorSetPath, dependencies, authenticator });
  server.addService(
    auth.AuthServiceService,
    { register: register(accounts), login: login(accounts), getMe: getMe(accounts), getJwks: getJwks(keys) },
    { publicMethods: ['register', 'login', 'getJwks'] },
  );
  return server;
}
