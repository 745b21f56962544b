import { connectNats, connectRedis, createLogger, createTokenVerifier, openDatabase, pingDatabase, runService } from '@chrono/kit';
import { loadConfig } from './config';
import { buildServer } from './server';
import { migrations } from './store/migrations';

runService('job-catalog', async () => {
  const config = loadConfig();
  const log = createLogger('job-catalog', config.logLevel);

  const orm = await openDatabase({ settings: config.database, schema: 'catalog', entities: [], migrations, log });
  const redis = await connectRedis(config.redis, 'job-catalog');
  const nats = await connectNats(config.nats, 'job-catalog');
  const jsm = await nats.jetstreamManager();
  const tokens = createTokenVerifier(config.tokens);

  const server = buildServer({
    authenticator: tokens.verifier,
    log,
    dependencies: [
      { name: 'postgresql', check: () => pingDatabase(orm) },
      { name: 'redis', check: () => redis.ping() },
      { name: 'nats', check: () => jsm.getAccountInfo() },
    ],
  });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      tokens.close();
      await nats.drain();
      redis.disconnect();
      await orm.close();
      log.info('stopped');
    },
  };
});
