import { EnvReader, readLogLevel, readNatsSettings, readTokenVerificationSettings, type NatsSettings, type TokenVerificationSettings } from '@chrono/kit';

/** Everything the executor reads from its environment, checked once at start-up. */
export interface ExecutorConfig {
  /** EXECUTOR_GRPC_PORT (50054). */
  port: number;
  logLevel: string;
  nats: NatsSettings;
  tokens: TokenVerificationSettings;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): ExecutorConfig {
  const env = new EnvReader(source);
  const config: ExecutorConfig = {
    port: env.port('EXECUTOR_GRPC_PORT', 50054, { allowZero: true }),
    logLevel: readLogLevel(env),
    nats: readNatsSettings(env),
    tokens: readTokenVerificationSettings(env),
  };
  env.done();
  return config;
}
