import { streamNames } from '@chrono/contracts';
import type { RateLimit } from '../limits/rate-limiter';
import { EnvReader, parseDurationMs } from './env-reader';
import { natsCredentials, type NatsCredentials } from './nats-credentials';

/** PostgreSQL connection settings; the seed's DB_* names. */
export interface DatabaseSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Largest number of pooled connections per process. */
  poolSize: number;
}

/** Reads DB_HOST (localhost), DB_PORT (5432), DB_USERNAME (postgres), DB_PASSWORD (postgres), DB_DATABASE (job_scheduler), DB_POOL_SIZE (10). */
export function readDatabaseSettings(env: EnvReader): DatabaseSettings {
  return {
    host: env.string('DB_HOST', 'localhost'),
    port: env.port('DB_PORT', 5432),
    user: env.string('DB_USERNAME', 'postgres'),
    password: env.string('DB_PASSWORD', 'postgres'),
    database: env.string('DB_DATABASE', 'job_scheduler'),
    poolSize: env.int('DB_POOL_SIZE', 10, { min: 1, max: 200 }),
  };
}

/** Redis connection settings; the seed's REDIS_* names. */
export interface RedisSettings {
  host: string;
  port: number;
  /** An ACL user of its own (REDIS_USERNAME); unset: Redis' default user, with `password` if any. */
  username?: string;
  password?: string;
  /** Put before every key this process reads or writes, so that deployments (or test runs) sharing one Redis keep apart. */
  keyPrefix: string;
}

/** Reads REDIS_HOST (localhost), REDIS_PORT (6379), REDIS_USERNAME (none), REDIS_PASSWORD (none) and REDIS_KEY_PREFIX (none). */
export function readRedisSettings(env: EnvReader): RedisSettings {
  return {
    host: env.string('REDIS_HOST', 'localhost'),
    port: env.port('REDIS_PORT', 6379),
    username: env.optionalString('REDIS_USERNAME'),
    password: env.optionalString('REDIS_PASSWORD'),
    keyPrefix: env.optionalString('REDIS_KEY_PREFIX') ?? '',
  };
}

/** NATS connection settings. */
export interface NatsSettings {
  /** Comma-separated server URLs. */
  servers: string[];
  /** NATS_USER and NATS_PASSWORD (none): the service's own user on a server with users. */
  credentials?: NatsCredentials;
  /** Copies of each stream in a JetStream cluster (NATS_STREAM_REPLICAS, 1; 3 in production). */
  streamReplicas: number;
  /** Limits that replace the topology's, by stream name (NATS_STREAM_MAX_BYTES, NATS_STREAM_MAX_AGE; none). */
  streamLimits: Record<string, { maxBytes?: number; maxAgeMs?: number }>;
  /**
   * EVENT_BATCH_WAIT (5ms): how long events wait to travel with others. A consumer that handles
   * batches waits this long for a batch to fill before it handles a smaller one, and the executor
   * holds finished outcomes this long to publish them together: each batch is one transaction and
   * each send one write, which is what a job costs most, for a few milliseconds of delay.
   */
  eventBatchWaitMs: number;
  /**
   * OUTCOME_BATCH_WAIT (20ms): the same wait for what reports on a run that has started, which no
   * run waits for: the consumers of outcomes and schedule states (the scheduler's outcomes,
   * job-catalog's outcomes and states), the scheduler's outbox relay and its records of runs as
   * dispatched (the dispatch itself goes out at once). Longer than EVENT_BATCH_WAIT
   * because at a few hundred runs a second it is what lets a batch hold more than one or two runs,
   * while the way to a run's start (job events, dispatch) keeps the short wait.
   */
  outcomeBatchWaitMs: number;
}

/**
 * Reads NATS_URL (nats://localhost:4222; several may be given, comma-separated), NATS_USER and NATS_PASSWORD
 * (none: a server without users), NATS_STREAM_REPLICAS (1),
 * and per-stream limits as `STREAM=value` lists: NATS_STREAM_MAX_BYTES (bytes, e.g. `JOB_EVENTS=2147483648`)
 * and NATS_STREAM_MAX_AGE (durations, e.g. `DISPATCH=6h`); EVENT_BATCH_WAIT (5ms) and OUTCOME_BATCH_WAIT (20ms). Every service that ensures a stream must be
 * given the same values, or each start would set the stream back to its own.
 */
export function readNatsSettings(env: EnvReader): NatsSettings {
  const servers = env.list('NATS_URL', ['nats://localhost:4222']);
  for (const server of servers) {
    if (!/^(nats|tls|wss?):\/\/[^\s/]+$/.test(server) && !/^[\w.-]+:\d+$/.test(server)) {
      env.fail(`NATS_URL must be nats://host:port (comma-separated for several), got "${server}"`);
    }
  }
  const streamLimits: NatsSettings['streamLimits'] = {};
  for (const [stream, text] of streamEntries(env, 'NATS_STREAM_MAX_BYTES', env.list('NATS_STREAM_MAX_BYTES'))) {
    if (/^\d+$/.test(text) && Number(text) > 0) (streamLimits[stream] ??= {}).maxBytes = Number(text);
    else
      env.fail(
        `NATS_STREAM_MAX_BYTES entries must be STREAM=<bytes> with a positive whole number, got "${stream}=${text}"`,
      );
  }
  for (const [stream, text] of streamEntries(env, 'NATS_STREAM_MAX_AGE', env.list('NATS_STREAM_MAX_AGE'))) {
    // JetStream refuses a max_age shorter than the duplicate window (2 min), which drops re-published messages.
    const ms = parseDurationMs(text);
    if (ms !== undefined && ms >= 120_000) (streamLimits[stream] ??= {}).maxAgeMs = ms;
    else
      env.fail(
        `NATS_STREAM_MAX_AGE entries must be STREAM=<duration> of at least 2m (the duplicate window), such as DISPATCH=6h, got "${stream}=${text}"`,
      );
  }
  return {
    servers,
    credentials: natsCredentials(
      env,
      ['NATS_USER', 'NATS_PASSWORD'],
      env.optionalString('NATS_USER'),
      env.optionalString('NATS_PASSWORD'),
    ),
    streamReplicas: env.int('NATS_STREAM_REPLICAS', 1, { min: 1, max: 5 }),
    streamLimits,
    eventBatchWaitMs: env.durationMs('EVENT_BATCH_WAIT', '5ms'),
    outcomeBatchWaitMs: env.durationMs('OUTCOME_BATCH_WAIT', '20ms'),
  };
}

// `STREAM=value` items of a list, for the topology's streams; anything else is a problem named by `variable`.
function streamEntries(env: EnvReader, variable: string, items: string[]): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const item of items) {
    const [stream, value] = item.split('=').map((part) => part.trim());
    if (!streamNames.includes(stream) || !value)
      env.fail(`${variable} entries must be STREAM=value for a stream of ${streamNames.join(', ')}, got "${item}"`);
    else entries.push([stream, value]);
  }
  return entries;
}

/** Reads LOG_LEVEL (info). */
export function readLogLevel(env: EnvReader): string {
  return env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');
}

/** How an outbox relay works through its table. */
export interface OutboxSettings {
  /** OUTBOX_POLL_INTERVAL (1s): the safety-net poll when no NOTIFY arrives, in ms. */
  pollIntervalMs: number;
  /** OUTBOX_BATCH_SIZE (500): rows published per round. */
  batchSize: number;
  /** OUTBOX_RETRY_MAX_DELAY (30s): the longest wait between tries while publishing fails for a reason that may pass, in ms. */
  maxRetryDelayMs: number;
}

/** Reads OUTBOX_POLL_INTERVAL (1s), OUTBOX_BATCH_SIZE (500) and OUTBOX_RETRY_MAX_DELAY (30s), for job-catalog's and the scheduler's outboxes. */
export function readOutboxSettings(env: EnvReader): OutboxSettings {
  const settings = {
    pollIntervalMs: env.durationMs('OUTBOX_POLL_INTERVAL', '1s'),
    batchSize: env.int('OUTBOX_BATCH_SIZE', 500, { min: 1, max: 10_000 }),
    maxRetryDelayMs: env.durationMs('OUTBOX_RETRY_MAX_DELAY', '30s'),
  };
  if (settings.pollIntervalMs <= 0) env.fail('OUTBOX_POLL_INTERVAL must be more than 0');
  if (settings.maxRetryDelayMs < 500)
    env.fail(`OUTBOX_RETRY_MAX_DELAY must be at least 500ms, got ${settings.maxRetryDelayMs} ms`);
  return settings;
}

/**
 * Reads MAX_JOB_BYTES (262144: 256 KiB), the most a job may take as a `chrono.events.v1.JobEvent`,
 * payload and target included. job-catalog refuses bigger jobs; the scheduler's dispatch requests and
 * the executor's results are bounded by it too, so each checks at start-up that it fits NATS' max_payload.
 */
export function readMaxJobBytes(env: EnvReader): number {
  return env.int('MAX_JOB_BYTES', 262_144, { min: 4096, max: 64 * 1024 * 1024 });
}

/** Reads RATE_LIMIT_WRITES_PER_SECOND (50) and RATE_LIMIT_WRITE_BURST (100): each user's budget of changes. */
export function readWriteRateLimit(env: EnvReader): RateLimit {
  return {
    perSecond: env.int('RATE_LIMIT_WRITES_PER_SECOND', 50, { min: 1, max: 1_000_000 }),
    burst: env.int('RATE_LIMIT_WRITE_BURST', 100, { min: 1, max: 1_000_000 }),
  };
}
