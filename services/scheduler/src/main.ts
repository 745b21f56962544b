import { streamSpec, topology } from '@chrono/contracts';
import {
  connectNats, connectRedis, createLogger, createTokenVerifier, ensureStream, notifyAfterCommit, openDatabase, OutboxRelay, OutboxWakeup, pingDatabase, RateLimiter, runService, writeRateLimiter,
} from '@chrono/kit';
import { loadConfig } from './config';
import { Dispatcher } from './dispatch/dispatcher';
import { LostRunSweeper } from './dispatch/lost-run-sweeper';
import { ReplicaSignals } from './dispatch/replica-signals';
import { RunQuota } from './domain/run-quota';
import { SchedulePlanner } from './domain/schedule-planner';
import { startJobEventConsumer } from './events/job-event-consumer';
import { startOutcomeConsumer } from './events/outcome-consumer';
import { buildServer } from './server';
import { migrations } from './store/migrations';
import { ScheduleStore } from './store/schedule-store';

runService('scheduler', async () => {
  const config = loadConfig();
  const log = createLogger('scheduler', config.logLevel).child({ replica: config.dispatch.owner });

  const orm = await openDatabase({ settings: config.database, schema: 'scheduler', entities: [], migrations, log });
  const redis = await connectRedis(config.redis, 'scheduler');
  const nats = await connectNats(config.nats, 'scheduler');
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  const tokens = createTokenVerifier(config.tokens);
  for (const entry of [topology.dispatch, topology.executions, topology.scheduleState]) await ensureStream(jsm, streamSpec(entry, config.nats.streamReplicas));

  // What it publishes besides dispatch requests (states, lost attempts) leaves through its outbox.
  const relay = new OutboxRelay({ db: config.database, schema: 'scheduler', js, log });
  const notify = notifyAfterCommit(orm);
  const store = new ScheduleStore(orm, new OutboxWakeup('scheduler', notify, relay), notify, config.dispatch.lookaheadMs);
  const planner = new SchedulePlanner(config.retry);
  const quota = new RunQuota(config.maxRunsPerUserPerMinute);
  const dispatcher = new Dispatcher(store, planner, quota, js, log, config.dispatch);
  const signals = new ReplicaSignals(config.database, dispatcher, log);
  const sweeper = new LostRunSweeper(store, planner, log, config.dispatch.pollIntervalMs * 2);

  relay.start();
  await signals.start();
  dispatcher.start();
  sweeper.start();
  const consumers = [
    await startJobEventConsumer(jsm, js, store, planner, log, config.nats.streamReplicas),
    await startOutcomeConsumer(jsm, js, store, planner, log, config.nats.streamReplicas),
  ];

  const server = buildServer({
    store,
    planner,
    quota,
    writeLimiter: writeRateLimiter(redis, config.writeRate, log),
    previewLimiter: new RateLimiter(redis, { ...config.previewRate, name: 'previews', refusal: `too many previews: at most ${config.previewRate.perSecond} a second per user, ${config.previewRate.burst} at once (RATE_LIMIT_PREVIEWS_PER_SECOND, RATE_LIMIT_PREVIEW_BURST)` }, log),
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
      await Promise.all(consumers.map((consumer) => consumer.stop()));
      await dispatcher.stop();
      await sweeper.stop();
      await signals.stop();
      await relay.stop();
      tokens.close();
      await nats.drain();
      redis.disconnect();
      await orm.close();
      log.info('stopped');
    },
  };
});
