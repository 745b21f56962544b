import { connectNats, createLogger, createTokenVerifier, runService } from '@chrono/kit';
import { loadConfig } from './config';
import { buildServer } from './server';

runService('executor', async () => {
  const config = loadConfig();
  const log = createLogger('executor', config.logLevel);

  const nats = await connectNats(config.nats, 'executor');
  const jsm = await nats.jetstreamManager();
  const tokens = createTokenVerifier(config.tokens);

  const server = buildServer({ authenticator: tokens.verifier, log, dependencies: [{ name: 'nats', check: () => jsm.getAccountInfo() }] });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      tokens.close();
      await nats.drain();
      log.info('stopped');
    },
  };
});
