import { connectNats, createLogger, createTokenVerifier, openDatabase, pingDatabase, runService } from '@chrono/kit';
import { loadConfig } from './config';
import { buildServer } from './server';
import { migrations } from './store/migrations';

runService('scheduler', async () => {
  const config = loadConfig();
  const log = createLogger('scheduler', config.logLevel);

  const orm = await openDatabase({ settings: config.database, schema: 'scheduler', entities: [], migrations, log });
  const nats = await connectNats(config.nats, 'scheduler');
  const jsm = await nats.jetstreamManager();
  const tokens = createTokenVerifier(config.tokens);

  const server = buildServer({
    authenticator: tokens.verifier,
    log,
    dependencies: [
      { name: 'postgresql', check: () => pingDatabase(orm) },
      { name: 'nats', check: () => jsm.getAccountInfo() },
    ],
  });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      tokens.close();
      await nats.drain();
      await orm.close();
      log.info('stopped');
    },
  };
});
