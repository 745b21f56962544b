import type { RateLimit } from '../limits/rate-limiter';
import { EnvReader } from './env-reader';

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
  password?: string;
}

/** Reads REDIS_HOST (localhost), REDIS_PORT (6379) and REDIS_PASSWORD (none). */
export function readRedisSettings(env: EnvReader): RedisSettings {
  return {
    host: env.string('REDIS_HOST', 'localhost'),
    port: env.port('REDIS_PORT', 6379),
    password: env.optionalString('REDIS_PASSWORD'),
  };
}

/** NATS connection settings. */
export interface NatsSettings {
  /** Comma-separated server URLs. */
  servers: string[];
  /** Copies of each stream in a JetStream cluster (NATS_STREAM_REPLICAS, 1; 3 in production). */
  streamReplicas: number;
}

/** Reads NATS_URL (nats://localhost:4222; several may be given, comma-separated) and NATS_STREAM_REPLICAS (1). */
export function readNatsSettings(env: EnvReader): NatsSettings {
  const servers = env.list('NATS_URL', ['nats://localhost:4222']);
  for (const server of servers) {
    if (!/^(nats|tls|wss?):\/\/[^\s/]+$/.test(server) && !/^[\w.-]+:\d+$/.test(server)) {
      env.fail(`NATS_URL must be nats://host:port (comma-separated for several), got "${server}"`);
    }
  }
  return { servers, streamReplicas: env.int('NATS_STREAM_REPLICAS', 1, { min: 1, max: 5 }) };
}

/** Reads LOG_LEVEL (info). */
export function readLogLevel(env: EnvReader): string {
  return env.oneOf('LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const, 'info');
}

/** Reads RATE_LIMIT_WRITES_PER_SECOND (50) and RATE_LIMIT_WRITE_BURST (100): each user's budget of changes. */
export function readWriteRateLimit(env: EnvReader): RateLimit {
  return {
    perSecond: env.int('RATE_LIMIT_WRITES_PER_SECOND', 50, { min: 1, max: 1_000_000 }),
    burst: env.int('RATE_LIMIT_WRITE_BURST', 100, { min: 1, max: 1_000_000 }),
  };
}
