import { EnvReader, readDatabaseSettings, readLogLevel, readNatsSettings, readTokenVerificationSettings, type DatabaseSettings, type NatsSettings, type TokenVerificationSettings } from '@chrono/kit';

/** Everything the scheduler reads from its environment, checked once at start-up. */
export interface SchedulerConfig {
  /** SCHEDULER_GRPC_PORT (50053). */
  port: number;
  logLevel: string;
  database: DatabaseSettings;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): SchedulerConfig {
  const env = new EnvReader(source);
  const config: SchedulerConfig = {
    port: env.port('SCHEDULER_GRPC_PORT', 50053, { allowZero: true }),
    logLevel: readLogLevel(env),
    database: readDatabaseSettings(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
  };
  env.done();
  return config;
}
