import { services } from '@chrono/contracts';
import {
  EnvReader,
  readDatabaseSettings,
  readLogLevel,
  readMaxJobBytes,
  readNatsSettings,
  readOutboxSettings,
  readRedisSettings,
  readTokenVerificationSettings,
  readWriteRateLimit,
  type DatabaseSettings,
  type NatsSettings,
  type OutboxSettings,
  type RateLimit,
  type RedisSettings,
  type TokenVerificationSettings,
  readGrpcSecuritySettings,
  type GrpcSecuritySettings,
} from '@chrono/kit';
import {
  DEVELOPMENT_TARGET_SECRETS_KEY,
  targetSecretsProblems,
  targetSettingsProblems,
  type TargetSecretsSettings,
} from '@chrono/targets';
import type { HistoryRetention } from './retention/execution-pruner';

/** Everything job-catalog reads from its environment, checked once at start-up. */
export interface CatalogConfig {
  /** JOB_CATALOG_GRPC_PORT (50052). */
  port: number;
  /** METRICS_PORT (9452): where Prometheus scrapes GET /metrics; 0 picks a free port. */
  metricsPort: number;
  logLevel: string;
  /** GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CA, GRPC_TLS_CLIENT_AUTH, GATEWAY_SHARED_SECRET, GATEWAY_TLS_IDENTITY. */
  grpc: GrpcSecuritySettings;
  database: DatabaseSettings;
  redis: RedisSettings;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
  /** MAX_RETRY_ATTEMPTS (3): maxRetries of a job created without one. */
  defaultMaxRetries: number;
  /** MAX_PAYLOAD_BYTES (65536): largest job payload, as JSON. */
  maxPayloadBytes: number;
  /** MAX_JOB_BYTES (262144): largest job, as its encoded lifecycle event (payload and target included). */
  maxJobBytes: number;
  /** RATE_LIMIT_WRITES_PER_SECOND (50) and RATE_LIMIT_WRITE_BURST (100): each user's write budget (shared with the scheduler's TriggerNow). */
  writeRate: RateLimit;
  /** NATS_TARGET_SUBJECTS (none): subject patterns nats targets may publish on besides their owner's `users.<id>.` prefix. */
  natsTargetSubjects: string[];
  /** HTTP_TARGET_MAX_TIMEOUT (1h): the longest timeoutSeconds of a job with an http target, in seconds. */
  httpMaxTimeoutSeconds: number;
  /**
   * TARGET_SECRETS_KEY (required when NODE_ENV=production, else a development key) and
   * TARGET_SECRETS_PREVIOUS_KEYS (none): the key that encrypts http target header values, and older ones that still decrypt them.
   */
  targetSecrets: TargetSecretsSettings;
  /** MAX_ACTIVE_JOBS_PER_USER (10000): most pending or running jobs per user. */
  maxActiveJobsPerUser: number;
  /**
   * EXECUTION_RETENTION (30d), EXECUTION_MAX_PER_JOB (1000), EXECUTION_PRUNE_INTERVAL (1m), OCCURRENCE_RETENTION
   * (30d): how much history and occurrence ledger is kept, and how often it is pruned.
   */
  history: HistoryRetention;
  /** MAX_RESULT_BYTES (16384): largest run result stored as it is, as JSON; a larger one is stored as a marker. */
  maxResultBytes: number;
  /** IDEMPOTENCY_TTL (24h): how long an idempotency key is remembered, in ms. */
  idempotencyTtlMs: number;
  /** OUTBOX_POLL_INTERVAL (1s), OUTBOX_BATCH_SIZE (500), OUTBOX_RETRY_MAX_DELAY (30s): the outbox relay. */
  outbox: OutboxSettings;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): CatalogConfig {
  const env = new EnvReader(source);
  const targetSecretsKey = env.optionalString('TARGET_SECRETS_KEY');
  const config: CatalogConfig = {
    port: env.port(services.jobCatalog.portVariable, services.jobCatalog.port, { allowZero: true }),
    metricsPort: env.port('METRICS_PORT', services.jobCatalog.metricsPort, { allowZero: true }),
    logLevel: readLogLevel(env),
    grpc: readGrpcSecuritySettings(env),
    database: readDatabaseSettings(env),
    redis: readRedisSettings(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
    defaultMaxRetries: env.int('MAX_RETRY_ATTEMPTS', 3, { min: 0, max: 20 }),
    maxPayloadBytes: env.int('MAX_PAYLOAD_BYTES', 65_536, { min: 2, max: 1_048_576 }),
    maxJobBytes: readMaxJobBytes(env),
    writeRate: readWriteRateLimit(env),
    natsTargetSubjects: env.list('NATS_TARGET_SUBJECTS'),
    httpMaxTimeoutSeconds: env.durationMs('HTTP_TARGET_MAX_TIMEOUT', '1h') / 1000,
    targetSecrets: {
      key: targetSecretsKey ?? DEVELOPMENT_TARGET_SECRETS_KEY,
      previousKeys: env.list('TARGET_SECRETS_PREVIOUS_KEYS'),
    },
    maxActiveJobsPerUser: env.int('MAX_ACTIVE_JOBS_PER_USER', 10_000, { min: 1, max: 1_000_000_000 }),
    history: {
      retentionMs: env.durationMs('EXECUTION_RETENTION', '30d'),
      maxPerJob: env.int('EXECUTION_MAX_PER_JOB', 1000, { min: 1, max: 1_000_000 }),
      pruneIntervalMs: env.durationMs('EXECUTION_PRUNE_INTERVAL', '1m'),
      occurrenceRetentionMs: env.durationMs('OCCURRENCE_RETENTION', '30d'),
    },
    maxResultBytes: env.int('MAX_RESULT_BYTES', 16_384, { min: 1024, max: 1_048_576 }),
    idempotencyTtlMs: env.durationMs('IDEMPOTENCY_TTL', '24h'),
    outbox: readOutboxSettings(env),
  };
  // The key is required in production (the images set NODE_ENV=production); elsewhere the development key stands in.
  const production = env.optionalString('NODE_ENV') === 'production';
  for (const problem of targetSecretsProblems(targetSecretsKey, config.targetSecrets.previousKeys, production))
    env.fail(problem);
  for (const problem of targetSettingsProblems({
    natsSubjects: config.natsTargetSubjects,
    httpMaxTimeoutSeconds: config.httpMaxTimeoutSeconds,
  }))
    env.fail(problem);
  if (config.history.retentionMs < 60_000) env.fail('EXECUTION_RETENTION must be at least 1m');
  if (config.history.occurrenceRetentionMs < 60_000) env.fail('OCCURRENCE_RETENTION must be at least 1m');
  if (config.history.pruneIntervalMs < 100) env.fail('EXECUTION_PRUNE_INTERVAL must be at least 100ms');
  env.done();
  return config;
}
