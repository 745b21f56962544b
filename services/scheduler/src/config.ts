import { services } from '@chrono/contracts';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
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
import type { DispatcherOptions } from './dispatch/dispatcher';
import type { RetryPolicy } from './domain/schedule-planner';

/** Everything the scheduler reads from its environment, checked once at start-up. */
export interface SchedulerConfig {
  /** SCHEDULER_GRPC_PORT (50053). */
  port: number;
  /** METRICS_PORT (9453): where Prometheus scrapes GET /metrics; 0 picks a free port. */
  metricsPort: number;
  logLevel: string;
  /** GRPC_TLS_CERT, GRPC_TLS_KEY, GRPC_TLS_CA, GRPC_TLS_CLIENT_AUTH, GATEWAY_SHARED_SECRET, GATEWAY_TLS_IDENTITY. */
  grpc: GrpcSecuritySettings;
  database: DatabaseSettings;
  /** Where the per-user rate limits of TriggerNow and PreviewRuns are kept. */
  redis: RedisSettings;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
  /** RETRY_DELAY_MS (5000) and RETRY_MAX_DELAY (1h). */
  retry: RetryPolicy;
  /** SCHEDULER_ID, SCHEDULER_LOOKAHEAD (1s), SCHEDULER_POLL_INTERVAL (500ms), SCHEDULER_LEASE (10s), SCHEDULER_BATCH_SIZE (1000), LOST_RUN_GRACE (60s), DISPATCH_LEAD (20ms). */
  dispatch: DispatcherOptions;
  /** MAX_JOB_BYTES (262144): the largest job job-catalog accepts; dispatch requests carry its payload and target. */
  maxJobBytes: number;
  /** OUTBOX_POLL_INTERVAL (1s), OUTBOX_BATCH_SIZE (500), OUTBOX_RETRY_MAX_DELAY (30s): the outbox relay. */
  outbox: OutboxSettings;
  /** MAX_RUNS_PER_USER_PER_MINUTE (10000): runs started per user per minute; more wait. */
  maxRunsPerUserPerMinute: number;
  /** RATE_LIMIT_WRITES_PER_SECOND (50) and RATE_LIMIT_WRITE_BURST (100): TriggerNow draws on each user's budget of changes, shared with job-catalog. */
  writeRate: RateLimit;
  /** RATE_LIMIT_PREVIEWS_PER_SECOND (10) and RATE_LIMIT_PREVIEW_BURST (20): each user's budget of PreviewRuns calls. */
  previewRate: RateLimit;
  /** TRIGGER_NOW_WAIT_FOR_JOB (2s): how long TriggerNow waits for a job created a moment ago to reach the scheduler. */
  triggerWaitForJobMs: number;
  /** MISSED_OCCURRENCE_GRACE (60s): how long past its time an occurrence not dispatched may be before the sweep records it missed. */
  missedOccurrenceGraceMs: number;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): SchedulerConfig {
  const env = new EnvReader(source);
  const config: SchedulerConfig = {
    port: env.port(services.scheduler.portVariable, services.scheduler.port, { allowZero: true }),
    metricsPort: env.port('METRICS_PORT', services.scheduler.metricsPort, { allowZero: true }),
    logLevel: readLogLevel(env),
    grpc: readGrpcSecuritySettings(env),
    database: readDatabaseSettings(env),
    redis: readRedisSettings(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
    retry: {
      baseDelayMs: env.int('RETRY_DELAY_MS', 5000, { min: 1, max: 86_400_000 }),
      maxDelayMs: env.durationMs('RETRY_MAX_DELAY', '1h'),
    },
    dispatch: {
      owner: env.string('SCHEDULER_ID', `${hostname()}-${process.pid}-${randomBytes(2).toString('hex')}`),
      lookaheadMs: env.durationMs('SCHEDULER_LOOKAHEAD', '1s'),
      pollIntervalMs: env.durationMs('SCHEDULER_POLL_INTERVAL', '500ms'),
      leaseMs: env.durationMs('SCHEDULER_LEASE', '10s'),
      batchSize: env.int('SCHEDULER_BATCH_SIZE', 1000, { min: 1, max: 10_000 }),
      lostRunGraceMs: env.durationMs('LOST_RUN_GRACE', '60s'),
      leadMs: env.durationMs('DISPATCH_LEAD', '20ms'),
    },
    maxJobBytes: readMaxJobBytes(env),
    outbox: readOutboxSettings(env),
    maxRunsPerUserPerMinute: env.int('MAX_RUNS_PER_USER_PER_MINUTE', 10_000, { min: 1, max: 1_000_000_000 }),
    writeRate: readWriteRateLimit(env),
    previewRate: {
      perSecond: env.int('RATE_LIMIT_PREVIEWS_PER_SECOND', 10, { min: 1, max: 1_000_000 }),
      burst: env.int('RATE_LIMIT_PREVIEW_BURST', 20, { min: 1, max: 1_000_000 }),
    },
    triggerWaitForJobMs: env.durationMs('TRIGGER_NOW_WAIT_FOR_JOB', '2s'),
    missedOccurrenceGraceMs: env.durationMs('MISSED_OCCURRENCE_GRACE', '60s'),
  };
  if (config.dispatch.leadMs > Math.min(1000, config.dispatch.lookaheadMs))
    env.fail('DISPATCH_LEAD must be at most 1s and at most SCHEDULER_LOOKAHEAD');
  if (config.dispatch.leaseMs <= config.dispatch.lookaheadMs)
    env.fail('SCHEDULER_LEASE must be longer than SCHEDULER_LOOKAHEAD');
  // A claim that lapses must be re-dispatched while JetStream still remembers the first Nats-Msg-Id (2 min).
  if (config.dispatch.leaseMs >= 110_000)
    env.fail('SCHEDULER_LEASE must be under 110s, inside the dispatch stream duplicate window');
  if (config.retry.maxDelayMs < 1) env.fail('RETRY_MAX_DELAY must be positive');
  env.done();
  return config;
}
