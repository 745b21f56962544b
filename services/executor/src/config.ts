import { consumers, topology, services } from '@chrono/contracts';
import {
  EnvReader,
  natsCredentials,
  readLogLevel,
  readMaxJobBytes,
  readNatsSettings,
  readRedisSettings,
  readTokenVerificationSettings,
  type NatsCredentials,
  type NatsSettings,
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
import { isValidAllowEntry } from './outbound/outbound-policy';

/** Where the executor takes its work from; the defaults are the shared topology. */
export interface DispatchSettings {
  /** EXECUTOR_DISPATCH_STREAM (DISPATCH): the work-queue stream. */
  stream: string;
  /** EXECUTOR_DISPATCH_SUBJECT (dispatch.jobs): its subject. */
  subject: string;
  /** EXECUTOR_CONSUMER (executors): the durable pull consumer every executor shares. */
  consumer: string;
}

/** Everything the executor reads from its environment, checked once at start-up. */
export interface ExecutorConfig {
  /** EXECUTOR_GRPC_PORT (50054). */
  port: number;
  /** METRICS_PORT (9454): where Prometheus scrapes GET /metrics; 0 picks a free port. */
  metricsPort: number;
  logLevel: string;
  /** GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CA, GRPC_TLS_CLIENT_AUTH, GATEWAY_SHARED_SECRET, GATEWAY_TLS_IDENTITY. */
  grpc: GrpcSecuritySettings;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
  /** REDIS_*: where the token verifier reads ended sessions; nothing else of the executor uses Redis. */
  redis: RedisSettings;
  dispatch: DispatchSettings;
  /** EXECUTOR_CONCURRENCY (32): jobs one process runs at once. */
  concurrency: number;
  /** EXECUTOR_MAX_SLOTS_PER_USER (half of EXECUTOR_CONCURRENCY, at least 1): the most slots one user's jobs hold in this process. */
  maxSlotsPerUser: number;
  /** EXECUTOR_MAX_QUEUE_WAIT (45s): how long after its dispatch a request held back by the per-user bound may wait for a slot before it fails, in ms. */
  maxQueueWaitMs: number;
  /** EXECUTOR_MAX_ACK_PENDING (20000): requests delivered and not yet acked across all executors (the consumer's max_ack_pending). */
  maxAckPending: number;
  /** EXECUTOR_ACK_WAIT (30s): how long a request may go without an ack or heartbeat before it is redelivered, in ms. */
  ackWaitMs: number;
  /** EXECUTOR_HEARTBEAT (ack wait / 3): how often a running job's request is marked in progress, in ms. */
  heartbeatMs: number;
  /**
   * EXECUTOR_STARTED_EVENT_AFTER (1s): an attempt still running after this publishes a `started` event;
   * a shorter one's outcome carries its start time, which saves a message per job. 0 announces every start.
   */
  startedEventAfterMs: number;
  /** EXECUTOR_SHUTDOWN_GRACE (25s): how long running jobs may finish after SIGTERM before they are handed back, in ms. */
  shutdownGraceMs: number;
  /** NOTIFICATION_RETRY_DELAY (30s): the wait after a notification's first failed attempt, doubling after each next one, in ms. */
  notificationRetryDelayMs: number;
  /** DEFAULT_JOB_TIMEOUT (60s): the timeout of a request that names none, in ms. */
  defaultJobTimeoutMs: number;
  /** HTTP_TARGET_ALLOW_HOSTS (none): host names and addresses http targets may reach although they are private. */
  httpAllowHosts: string[];
  /** HTTP_TARGET_MAX_RESPONSE_BYTES (65536): the most of a response body that is read. */
  httpMaxResponseBytes: number;
  /** HTTP_TARGET_CONNECT_TIMEOUT (10s): how long connecting to an http target may take, TLS handshake included, in ms. */
  httpConnectTimeoutMs: number;
  /** HTTP_TARGET_IDLE_TIMEOUT (30s): how long a connection to an http target may go without a byte either way, in ms. */
  httpIdleTimeoutMs: number;
  /** HTTP_TARGET_MAX_TIMEOUT (1h): the longest timeout of a job with an http target, in seconds (as job-catalog's). */
  httpMaxTimeoutSeconds: number;
  /** NATS_TARGET_SUBJECTS (none): subject patterns nats targets may publish on besides their owner's `users.<id>.` prefix (as job-catalog's). */
  natsTargetSubjects: string[];
  /**
   * NATS_TARGET_USER and NATS_TARGET_PASSWORD (none: the executor's own connection): the NATS user nats
   * targets publish as, which a server with users confines to the users' subjects.
   */
  natsTargetCredentials?: NatsCredentials;
  /**
   * TARGET_SECRETS_KEY (required when NODE_ENV=production, else a development key) and
   * TARGET_SECRETS_PREVIOUS_KEYS (none): decrypt the header values of http targets (job-catalog's keys).
   */
  targetSecrets: TargetSecretsSettings;
  /** MAX_JOB_BYTES (262144): the largest job; the default handler's result, the payload, is bounded by it. */
  maxJobBytes: number;
}

// A stream name may not contain whitespace, dots, wildcards or path separators.
const STREAM_NAME = /^[A-Za-z0-9_-]+$/;
// A subject to consume from: dot-separated tokens without whitespace or wildcards.
const PLAIN_SUBJECT = /^[^\s.*>]+(\.[^\s.*>]+)*$/;

export function loadConfig(source: Record<string, string | undefined> = process.env): ExecutorConfig {
  const env = new EnvReader(source);
  const ackWaitMs = env.durationMs('EXECUTOR_ACK_WAIT', '30s');
  const concurrency = env.int('EXECUTOR_CONCURRENCY', 32, { min: 1, max: 1000 });
  const targetSecretsKey = env.optionalString('TARGET_SECRETS_KEY');
  const config: ExecutorConfig = {
    port: env.port(services.executor.portVariable, services.executor.port, { allowZero: true }),
    metricsPort: env.port('METRICS_PORT', services.executor.metricsPort, { allowZero: true }),
    logLevel: readLogLevel(env),
    grpc: readGrpcSecuritySettings(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
    redis: readRedisSettings(env),
    dispatch: readDispatchSettings(env),
    concurrency,
    maxSlotsPerUser: env.int('EXECUTOR_MAX_SLOTS_PER_USER', Math.max(1, Math.floor(concurrency / 2)), {
      min: 1,
      max: 1000,
    }),
    maxQueueWaitMs: env.durationMs('EXECUTOR_MAX_QUEUE_WAIT', '45s'),
    maxAckPending: env.int('EXECUTOR_MAX_ACK_PENDING', 20_000, { min: 1, max: 10_000_000 }),
    ackWaitMs,
    heartbeatMs: env.optionalString('EXECUTOR_HEARTBEAT')
      ? env.durationMs('EXECUTOR_HEARTBEAT', '10s')
      : Math.floor(ackWaitMs / 3),
    startedEventAfterMs: env.durationMs('EXECUTOR_STARTED_EVENT_AFTER', '1s'),
    shutdownGraceMs: env.durationMs('EXECUTOR_SHUTDOWN_GRACE', '25s'),
    defaultJobTimeoutMs: env.durationMs('DEFAULT_JOB_TIMEOUT', '60s'),
    notificationRetryDelayMs: env.durationMs('NOTIFICATION_RETRY_DELAY', '30s'),
    httpAllowHosts: env.list('HTTP_TARGET_ALLOW_HOSTS').map((host) => host.toLowerCase()),
    httpMaxResponseBytes: env.int('HTTP_TARGET_MAX_RESPONSE_BYTES', 65_536, { min: 1, max: 524_288 }),
    httpConnectTimeoutMs: env.durationMs('HTTP_TARGET_CONNECT_TIMEOUT', '10s'),
    httpIdleTimeoutMs: env.durationMs('HTTP_TARGET_IDLE_TIMEOUT', '30s'),
    httpMaxTimeoutSeconds: env.durationMs('HTTP_TARGET_MAX_TIMEOUT', '1h') / 1000,
    natsTargetSubjects: env.list('NATS_TARGET_SUBJECTS'),
    natsTargetCredentials: natsCredentials(
      env,
      ['NATS_TARGET_USER', 'NATS_TARGET_PASSWORD'],
      env.optionalString('NATS_TARGET_USER'),
      env.optionalString('NATS_TARGET_PASSWORD'),
    ),
    targetSecrets: {
      key: targetSecretsKey ?? DEVELOPMENT_TARGET_SECRETS_KEY,
      previousKeys: env.list('TARGET_SECRETS_PREVIOUS_KEYS'),
    },
    maxJobBytes: readMaxJobBytes(env),
  };
  if (ackWaitMs < 1000) env.fail(`EXECUTOR_ACK_WAIT must be at least 1s, got ${ackWaitMs} ms`);
  if (config.heartbeatMs <= 0 || config.heartbeatMs >= ackWaitMs) {
    env.fail(
      `EXECUTOR_HEARTBEAT must be more than 0 and less than EXECUTOR_ACK_WAIT (${ackWaitMs} ms), got ${config.heartbeatMs} ms`,
    );
  }
  for (const entry of config.httpAllowHosts.filter((host) => !isValidAllowEntry(host))) {
    env.fail(
      `HTTP_TARGET_ALLOW_HOSTS entries must be host names, addresses or subnets such as 10.1.0.0/16, got "${entry}"`,
    );
  }
  // The key is required in production (the images set NODE_ENV=production); elsewhere the development key stands in.
  const production = env.optionalString('NODE_ENV') === 'production';
  for (const problem of targetSecretsProblems(targetSecretsKey, config.targetSecrets.previousKeys, production))
    env.fail(problem);
  for (const problem of targetSettingsProblems({
    natsSubjects: config.natsTargetSubjects,
    httpMaxTimeoutSeconds: config.httpMaxTimeoutSeconds,
  }))
    env.fail(problem);
  if (config.defaultJobTimeoutMs <= 0) env.fail('DEFAULT_JOB_TIMEOUT must be more than 0');
  if (config.maxSlotsPerUser > concurrency)
    env.fail(
      `EXECUTOR_MAX_SLOTS_PER_USER must be at most EXECUTOR_CONCURRENCY (${concurrency}), got ${config.maxSlotsPerUser}`,
    );
  if (config.maxQueueWaitMs < 1000)
    env.fail(`EXECUTOR_MAX_QUEUE_WAIT must be at least 1s, got ${config.maxQueueWaitMs} ms`);
  if (config.maxAckPending < concurrency)
    env.fail(
      `EXECUTOR_MAX_ACK_PENDING must be at least EXECUTOR_CONCURRENCY (${concurrency}), got ${config.maxAckPending}`,
    );
  if (config.httpConnectTimeoutMs < 100)
    env.fail(`HTTP_TARGET_CONNECT_TIMEOUT must be at least 100ms, got ${config.httpConnectTimeoutMs} ms`);
  if (config.httpIdleTimeoutMs < 100)
    env.fail(`HTTP_TARGET_IDLE_TIMEOUT must be at least 100ms, got ${config.httpIdleTimeoutMs} ms`);
  env.done();
  return config;
}

/** Reads EXECUTOR_DISPATCH_STREAM, EXECUTOR_DISPATCH_SUBJECT and EXECUTOR_CONSUMER (a private queue for tests or a separate pool). */
function readDispatchSettings(env: EnvReader): DispatchSettings {
  const settings = {
    stream: env.string('EXECUTOR_DISPATCH_STREAM', topology.dispatch.stream),
    subject: env.string('EXECUTOR_DISPATCH_SUBJECT', topology.dispatch.subject),
    consumer: env.string('EXECUTOR_CONSUMER', consumers.executors),
  };
  if (!STREAM_NAME.test(settings.stream))
    env.fail(`EXECUTOR_DISPATCH_STREAM must be letters, digits, _ or -, got "${settings.stream}"`);
  if (!PLAIN_SUBJECT.test(settings.subject))
    env.fail(`EXECUTOR_DISPATCH_SUBJECT must be a subject without wildcards, got "${settings.subject}"`);
  if (!STREAM_NAME.test(settings.consumer))
    env.fail(`EXECUTOR_CONSUMER must be letters, digits, _ or -, got "${settings.consumer}"`);
  return settings;
}
