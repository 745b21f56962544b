import {
  ApiKeyVerifier,
  BearerAuthenticator,
  connectRedis,
  createLogger,
  openDatabase,
  pingDatabase,
  RedisRevocationList,
  runService,
  startMetricsServer,
  TokenVerifier,
  configureGrpcSecurity,
} from '@chrono/kit';
import { JobCatalogJobs } from './clients/job-catalog-jobs';
import { loadConfig } from './config';
import { AccountDeletion } from './domain/account-deletion';
import { AccountService } from './domain/account-service';
import { ApiKeyService } from './domain/api-key-service';
import { SessionService } from './domain/session-service';
import { buildServer } from './server';
import { ApiKeyStore } from './store/api-key-store';
import { RedisLoginThrottle } from './store/login-throttle';
import { migrations } from './store/migrations';
import { RedisRegistrationLimit } from './store/registration-limit';
import { RedisSessionRevocations } from './store/session-revocations';
import { SessionStore } from './store/session-store';
import { SigningKeyEntity } from './store/signing-key-entity';
import { loadOrCreateSigningKey } from './store/signing-key-store';
import { UserEntity } from './store/user-entity';
import { UserStore } from './store/user-store';
import { BcryptHasher } from './tokens/bcrypt-hasher';
import { JwtIssuer } from './tokens/jwt-issuer';
import { publishedJwks } from './tokens/published-keys';
import { signingKeyFromPem } from './tokens/signing-key';

runService('auth', async () => {
  const config = loadConfig();
  configureGrpcSecurity(config.grpc);
  const log = createLogger('auth', config.logLevel);
  const metrics = await startMetricsServer(config.metricsPort, log);

  const orm = await openDatabase({
    settings: config.database,
    schema: 'auth',
    entities: [UserEntity, SigningKeyEntity],
    migrations,
    log,
  });
  const redis = await connectRedis(config.redis, 'auth');
  const key = config.privateKeyPem
    ? signingKeyFromPem(config.privateKeyPem)
    : await loadOrCreateSigningKey(orm, config.database);
  const jwks = publishedJwks(key, config.otherPublicKeys);
  log.info({ signingKid: key.kid, publishedKids: jwks.map((jwk) => jwk.kid) }, 'signing keys');

  const users = new UserStore(orm);
  const sessions = new SessionService(
    users,
    new SessionStore(orm),
    new RedisSessionRevocations(redis, config.tokenTtlSeconds),
    new JwtIssuer(key, { issuer: config.issuer, audience: config.audience, ttlSeconds: config.tokenTtlSeconds }),
    { accessTtlSeconds: config.tokenTtlSeconds, refreshTtlSeconds: config.refreshTtlSeconds },
  );
  const accounts = new AccountService(
    users,
    new BcryptHasher(config.bcryptRounds),
    sessions,
    new RedisLoginThrottle(redis, config),
    new RedisRegistrationLimit(redis, config.registrations),
  );
  const apiKeys = new ApiKeyService(new ApiKeyStore(orm), { maxKeysPerUser: config.maxApiKeysPerUser });
  const jobCatalog = new JobCatalogJobs(config.jobCatalogAddress);
  // auth verifies its own tokens (GetMe) the same way every other service does, from its public keys,
  // and API keys from its own table, with the same cache of at most a second.
  const tokens = new TokenVerifier({
    fetchKeys: async () => jwks,
    issuer: config.issuer,
    audience: config.audience,
    revocations: new RedisRevocationList(redis),
  });
  const authenticator = new BearerAuthenticator(tokens, new ApiKeyVerifier((apiKey) => apiKeys.verify(apiKey)));

  const server = buildServer({
    accounts,
    sessions,
    apiKeys,
    deletion: new AccountDeletion(jobCatalog, sessions, apiKeys),
    jwks,
    authenticator,
    log,
    dependencies: [
      { name: 'postgresql', check: () => pingDatabase(orm) },
      { name: 'redis', check: () => redis.ping() },
    ],
  });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      jobCatalog.close();
      redis.disconnect();
      await orm.close();
      await metrics.stop();
      log.info('stopped');
    },
  };
});
