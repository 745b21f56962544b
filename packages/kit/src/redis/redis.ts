import Redis from 'ioredis';
import type { RedisSettings } from '../config/common-settings';
import { StartupError } from '../lifecycle/run-service';

export type { Redis } from 'ioredis';

/**
 * Connects to Redis. Commands fail fast while the connection is down (no offline queue, a 2 s
 * command timeout) so that callers answer UNAVAILABLE instead of hanging; the client keeps
 * reconnecting in the background. An unreachable Redis at start-up is a StartupError.
 */
export async function connectRedis(settings: RedisSettings, name: string): Promise<Redis> {
  const redis = new Redis({
    host: settings.host,
    port: settings.port,
    username: settings.username,
    password: settings.password,
    // ioredis adds it to every key argument, the keys of scripts included.
    keyPrefix: settings.keyPrefix,
    connectionName: name,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
  });
  // Without a listener ioredis prints every reconnect error; health probes report the outage instead.
  redis.on('error', () => undefined);
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    throw new StartupError(
      `cannot reach Redis at ${settings.host}:${settings.port}: ${(error as Error).message}. ` +
        'Start it (for example `redis-server --daemonize yes`) or set REDIS_HOST/REDIS_PORT.',
      error,
    );
  }
  return redis;
}
