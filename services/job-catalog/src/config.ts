import { EnvReader, readDatabaseSettings, readLogLevel, readNatsSettings, readRedisSettings, readTokenVerificationSettings, type DatabaseSettings, type NatsSettings, type RedisSettings, type TokenVerificationSettings } from '@chrono/kit';

/** Everything job-catalog reads from its environment, checked once at start-up. */
export interface CatalogConfig {
  /** JOB_CATALOG_GRPC_PORT (50052). */
  port: number;
  logLevel: string;
  database: DatabaseSettings;
  redis: RedisSettings;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): CatalogConfig {
  const env = new EnvReader(source);
  const config: CatalogConfig = {
    port: env.port('JOB_CATALOG_GRPC_PORT', 50052, { allowZero: true }),
    logLevel: readLogLevel(env),
    database: readDatabaseSettings(env),
    redis: readRedisSettings(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
  };
  env.done();
  return config;
}
