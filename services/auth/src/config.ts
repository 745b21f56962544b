import { services } from '@chrono/contracts';
import {
  EnvReader,
  readDatabaseSettings,
  readLogLevel,
  readRedisSettings,
  type DatabaseSettings,
  type RedisSettings,
  readGrpcSecuritySettings,
  type GrpcSecuritySettings,
} from '@chrono/kit';
import { publicJwksFromPem } from './tokens/published-keys';
import type { PublicSigningJwk } from './tokens/signing-key';

/** Everything the auth service reads from its environment, checked once at start-up. */
export interface AuthConfig {
  /** AUTH_GRPC_PORT (50051). */
  port: number;
  /** METRICS_PORT (9451): where Prometheus scrapes GET /metrics; 0 picks a free port. */
  metricsPort: number;
  logLevel: string;
  /** GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CA, GRPC_TLS_CLIENT_AUTH, GATEWAY_SHARED_SECRET, GATEWAY_TLS_IDENTITY. */
  grpc: GrpcSecuritySettings;
  database: DatabaseSettings;
  redis: RedisSettings;
  /** JWT_EXPIRATION (15m): lifetime of an access token, in seconds; also how long a revocation record lives. */
  tokenTtlSeconds: number;
  /** REFRESH_TOKEN_EXPIRATION (30d): lifetime of each refresh token from its issue, in seconds; a session idle longer ends. */
  refreshTtlSeconds: number;
  /** JWT_ISSUER (chrono-auth): the `iss` of every token. */
  issuer: string;
  /** JWT_AUDIENCE (chrono-api): the `aud` of every token. */
  audience: string;
  /** JWT_PRIVATE_KEY: an EC P-256 private key in PEM; when unset a key is generated once and kept in the database. */
  privateKeyPem?: string;
  /**
   * JWT_NEXT_PUBLIC_KEYS and JWT_PREVIOUS_PUBLIC_KEYS (none): public keys (PEM) published in the JWKS
   * beside the signing key, never signed with: the next key before the switch, the previous one until
   * it is retired (see the key rotation runbook in deploy/README.md).
   */
  otherPublicKeys: PublicSigningJwk[];
  /** BCRYPT_ROUNDS (10): cost of password hashes. */
  bcryptRounds: number;
  /** LOGIN_MAX_FAILURES (5): failed logins for one email from one client address before that pair is locked out. */
  maxFailuresPerEmail: number;
  /** LOGIN_MAX_FAILURES_PER_ADDRESS (20): failed logins from one client address before it is locked out. */
  maxFailuresPerAddress: number;
  /** LOGIN_EMAIL_DELAY_AFTER (10): failed logins for one email, from anywhere, before its attempts are spaced out. */
  emailDelayAfter: number;
  /** LOGIN_EMAIL_DELAY (1s): the first spacing, doubled with each further failure, in ms. */
  emailDelayMs: number;
  /** LOGIN_EMAIL_MAX_DELAY (1m): the longest spacing, in ms. */
  emailMaxDelayMs: number;
  /** LOGIN_LOCKOUT (15m): how long failures are counted and a lockout lasts, in ms. */
  lockoutMs: number;
  /** JOB_CATALOG_GRPC_URL (localhost:50052): job-catalog, host:port; DeleteMe cancels the account's jobs there. */
  jobCatalogAddress: string;
  /** API_KEYS_PER_USER (20): most API keys one user may hold. */
  maxApiKeysPerUser: number;
  /** REGISTER_MAX_PER_ADDRESS (10), REGISTER_MAX_TOTAL (1000): registrations per REGISTER_WINDOW. */
  registrations: { maxPerAddress: number; maxTotal: number; windowMs: number };
}

export function loadConfig(source: Record<string, string | undefined> = process.env): AuthConfig {
  const env = new EnvReader(source);
  const privateKeyPem = env.optionalString('JWT_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  if (privateKeyPem && !privateKeyPem.includes('PRIVATE KEY')) env.fail('JWT_PRIVATE_KEY must be a PEM private key');
  const config: AuthConfig = {
    port: env.port(services.auth.portVariable, services.auth.port, { allowZero: true }),
    metricsPort: env.port('METRICS_PORT', services.auth.metricsPort, { allowZero: true }),
    logLevel: readLogLevel(env),
    grpc: readGrpcSecuritySettings(env),
    database: readDatabaseSettings(env),
    redis: readRedisSettings(env),
    tokenTtlSeconds: Math.round(env.durationMs('JWT_EXPIRATION', '15m') / 1000),
    refreshTtlSeconds: Math.round(env.durationMs('REFRESH_TOKEN_EXPIRATION', '30d') / 1000),
    issuer: env.string('JWT_ISSUER', 'chrono-auth'),
    audience: env.string('JWT_AUDIENCE', 'chrono-api'),
    privateKeyPem,
    otherPublicKeys: [...publicKeys(env, 'JWT_NEXT_PUBLIC_KEYS'), ...publicKeys(env, 'JWT_PREVIOUS_PUBLIC_KEYS')],
    bcryptRounds: env.int('BCRYPT_ROUNDS', 10, { min: 4, max: 15 }),
    maxFailuresPerEmail: env.int('LOGIN_MAX_FAILURES', 5, { min: 1, max: 1000 }),
    maxFailuresPerAddress: env.int('LOGIN_MAX_FAILURES_PER_ADDRESS', 20, { min: 1, max: 100_000 }),
    emailDelayAfter: env.int('LOGIN_EMAIL_DELAY_AFTER', 10, { min: 1, max: 100_000 }),
    emailDelayMs: env.durationMs('LOGIN_EMAIL_DELAY', '1s'),
    emailMaxDelayMs: env.durationMs('LOGIN_EMAIL_MAX_DELAY', '1m'),
    lockoutMs: env.durationMs('LOGIN_LOCKOUT', '15m'),
    jobCatalogAddress: env.string(services.jobCatalog.addressVariable, `localhost:${services.jobCatalog.port}`),
    maxApiKeysPerUser: env.int('API_KEYS_PER_USER', 20, { min: 1, max: 10_000 }),
    registrations: {
      maxPerAddress: env.int('REGISTER_MAX_PER_ADDRESS', 10, { min: 1, max: 1_000_000 }),
      maxTotal: env.int('REGISTER_MAX_TOTAL', 1000, { min: 1, max: 100_000_000 }),
      windowMs: env.durationMs('REGISTER_WINDOW', '1h'),
    },
  };
  if (!/^[\w.-]+:\d+$/.test(config.jobCatalogAddress) && !/^dns:/.test(config.jobCatalogAddress))
    env.fail(`JOB_CATALOG_GRPC_URL must be host:port, got "${config.jobCatalogAddress}"`);
  if (config.tokenTtlSeconds < 1) env.fail('JWT_EXPIRATION must be at least 1s');
  if (config.refreshTtlSeconds < config.tokenTtlSeconds)
    env.fail('REFRESH_TOKEN_EXPIRATION must be at least JWT_EXPIRATION');
  if (config.lockoutMs < 1000) env.fail('LOGIN_LOCKOUT must be at least 1s');
  if (config.registrations.windowMs < 1000) env.fail('REGISTER_WINDOW must be at least 1s');
  if (config.emailMaxDelayMs < config.emailDelayMs)
    env.fail('LOGIN_EMAIL_MAX_DELAY must be at least LOGIN_EMAIL_DELAY');
  env.done();
  return config;
}

function publicKeys(env: EnvReader, name: string): PublicSigningJwk[] {
  const pems = env.optionalString(name)?.replace(/\\n/g, '\n');
  if (!pems) return [];
  const jwks = publicJwksFromPem(pems);
  if (typeof jwks === 'string') env.fail(`${name} ${jwks}`);
  return typeof jwks === 'string' ? [] : jwks;
}
