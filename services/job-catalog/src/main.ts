import { streamSpec, topology } from '@chrono/contracts';
import { connectNats, connectRedis, createLogger, createTokenVerifier, ensureStream, notifyAfterCommit, openDatabase, OutboxRelay, OutboxWakeup, pingDatabase, runService, writeRateLimiter } from '@chrono/kit';
import { loadConfig } from './config';
import { JobService } from './domain/job-service';
import { startProgressConsumers } from './events/progress-consumers';
import { IdempotencyKeys } from './limits/idempotency-keys';
import { ExecutionPruner } from './retention/execution-pruner';
import { buildServer } from './server';
import { JobEntity, JobExecutionEntity } from './store/job-entity';
import { ExecutionHistoryStore } from './store/execution-history-store';
import { JobProgressStore } from './store/job-progress-store';
import { JobStore } from './store/job-store';
import { migrations } from './store/migrations';

runService('job-catalog', async () => {
  const config = loadConfig();
  const log = createLogger('job-catalog', config.logLevel);

  const orm = await openDatabase({ settings: config.database, schema: 'catalog', entities: [JobEntity, JobExecutionEntity], migrations, log });
  const redis = await connectRedis(config.redis, 'job-catalog');
  const nats = await connectNats(config.nats, 'job-catalog');
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  const tokens = createTokenVerifier(config.tokens);

  // Lifecycle events leave through the outbox; outcomes and schedule states come back through the consumers.
  await ensureStream(jsm, streamSpec(topology.jobEvents, config.nats.streamReplicas));
  const relay = new OutboxRelay({ db: config.database, schema: 'catalog', js, log, ...config.outbox });
  relay.start();
  const pruner = new ExecutionPruner(new ExecutionHistoryStore(orm), config.history, log);
  pruner.start();
  const history = { maxResultBytes: config.maxResultBytes, recorded: (jobIds: string[]) => pruner.touched(jobIds) };
  const consumers = await startProgressConsumers(jsm, js, new JobProgressStore(orm), history, log, config.nats.streamReplicas);

  const server = buildServer({
    jobs: new JobService(new JobStore(orm, new OutboxWakeup('catalog', notifyAfterCommit(orm), relay)), {
      maxPayloadBytes: config.maxPayloadBytes,
      defaultMaxRetries: config.defaultMaxRetries,
      maxActiveJobsPerUser: config.maxActiveJobsPerUser,
    }),
    limiter: writeRateLimiter(redis, config.writeRate, log),
    idempotency: new IdempotencyKeys(redis, config.idempotencyTtlMs),
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
      await pruner.stop();
      await relay.stop();
      tokens.close();
      await nats.drain();
      redis.disconnect();
      await orm.close();
      log.info('stopped');
    },
  };
});
