import { consumers, eventTypes, streamSpec, systemSubjects, topology } from '@chrono/contracts';
import {
  checkMessagesFit,
  connectNats,
  connectRedis,
  createLogger,
  createTokenVerifier,
  deadLetterBound,
  ensureStream,
  HEADER_ALLOWANCE_BYTES,
  notifyAfterCommit,
  openDatabase,
  quotaRefusalCounter,
  OutboxRelay,
  OutboxWakeup,
  pingDatabase,
  registerOutboxMetrics,
  runService,
  startMetricsServer,
  streamHealthCheck,
  writeRateLimiter,
  configureGrpcSecurity,
} from '@chrono/kit';
import { TargetSecrets } from '@chrono/targets';
import { loadConfig } from './config';
import { AccountJobs } from './domain/account-jobs';
import { JobService } from './domain/job-service';
import { startProgressConsumers } from './events/progress-consumers';
import { jobEventBytes } from './events/job-event';
import { IdempotencyKeys } from './limits/idempotency-keys';
import { ExecutionPruner } from './retention/execution-pruner';
import { buildServer } from './server';
import { JobEntity, JobExecutionEntity } from './store/job-entity';
import { ExecutionHistoryStore } from './store/execution-history-store';
import { JobProgressStore } from './store/job-progress-store';
import { OccurrenceLedgerStore } from './store/occurrence-ledger-store';
import { OccurrenceQueryStore } from './store/occurrence-query-store';
import { JobStore } from './store/job-store';
import { NotificationService } from './notifications/notification-service';
import { NotificationStore } from './notifications/notification-store';
import { startNotificationResults } from './notifications/notification-results';
import { NotificationRecorder } from './notifications/notification-recorder';
import { migrations } from './store/migrations';
import { stopUndeliverableJobs } from './store/stop-undeliverable-jobs';

runService('job-catalog', async () => {
  const config = loadConfig();
  configureGrpcSecurity(config.grpc);
  const log = createLogger('job-catalog', config.logLevel);
  const metrics = await startMetricsServer(config.metricsPort, log);

  const orm = await openDatabase({
    settings: config.database,
    schema: 'catalog',
    entities: [JobEntity, JobExecutionEntity],
    migrations,
    log,
  });
  const redis = await connectRedis(config.redis, 'job-catalog');
  const nats = await connectNats(config.nats, 'job-catalog');
  // A job event is at most MAX_JOB_BYTES (checked at every write); it must fit what the server accepts.
  const largestEvent = config.maxJobBytes + HEADER_ALLOWANCE_BYTES;
  checkMessagesFit(nats, [
    {
      what: 'job events',
      bytes: largestEvent,
      setBy: `MAX_JOB_BYTES (${config.maxJobBytes}) plus ${HEADER_ALLOWANCE_BYTES} for headers`,
    },
    deadLetterBound,
  ]);
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  const tokens = createTokenVerifier(config.tokens, redis);

  // Lifecycle events leave through the outbox; outcomes and schedule states come back through the consumers.
  await ensureStream(jsm, streamSpec(topology.jobEvents, config.nats));
  await ensureStream(jsm, streamSpec(topology.notificationRequests, config.nats));
  const relay = new OutboxRelay({
    db: config.database,
    schema: 'catalog',
    nc: nats,
    log,
    ...config.outbox,
    onSetAside: stopUndeliverableJobs(log),
    batchWaitMs: config.nats.eventBatchWaitMs,
    // One message for many events: JetStream's cost is per message, and its only consumer, the scheduler, unpacks batches.
    batchSubjects: { [eventTypes.jobEvent]: topology.jobEvents.batchSubject },
  });
  relay.start();
  registerOutboxMetrics(orm, 'catalog', log);
  quotaRefusalCounter('active_jobs');
  const pruner = new ExecutionPruner(new ExecutionHistoryStore(orm), config.history, log);
  pruner.start();
  const targetSecrets = new TargetSecrets(config.targetSecrets.key, config.targetSecrets.previousKeys);
  const notificationRecorder = new NotificationRecorder(targetSecrets);
  const history = { maxResultBytes: config.maxResultBytes, recorded: (jobIds: string[]) => pruner.touched(jobIds) };
  const progress = await startProgressConsumers(
    { jsm, js, settings: config.nats },
    new JobProgressStore(orm, (em, recorded) => notificationRecorder.outcomes(em, recorded)),
    new OccurrenceLedgerStore(orm, (em, missed) => notificationRecorder.missed(em, missed)),
    history,
    log,
  );

  const notificationResults = await startNotificationResults({ jsm, js, settings: config.nats }, orm, log);

  const jobStore = new JobStore(orm, new OutboxWakeup('catalog', notifyAfterCommit(orm), relay));
  const jobs = new JobService(
    jobStore,
    {
      maxPayloadBytes: config.maxPayloadBytes,
      defaultMaxRetries: config.defaultMaxRetries,
      maxJobBytes: config.maxJobBytes,
      maxActiveJobsPerUser: config.maxActiveJobsPerUser,
      targets: {
        natsSubjects: config.natsTargetSubjects,
        reservedSubjects: systemSubjects,
        httpMaxTimeoutSeconds: config.httpMaxTimeoutSeconds,
      },
      targetSecrets,
    },
    jobEventBytes,
  );
  const server = buildServer({
    jobs,
    notifications: new NotificationService(new NotificationStore(orm), jobs, targetSecrets),
    // Rounds enough for every active job a user may have, plus a few for jobs that change meanwhile.
    accountJobs: new AccountJobs(jobStore, { maxRounds: Math.ceil(config.maxActiveJobsPerUser / 500) + 5 }),
    limiter: writeRateLimiter(redis, config.writeRate, log),
    idempotency: new IdempotencyKeys(redis, config.idempotencyTtlMs),
    occurrences: new OccurrenceQueryStore(orm),
    authenticator: tokens.verifier,
    log,
    dependencies: [
      { name: 'postgresql', check: () => pingDatabase(orm) },
      { name: 'redis', check: () => redis.ping() },
      { name: 'nats', check: () => jsm.getAccountInfo() },
      streamHealthCheck(jsm, { stream: topology.jobEvents.stream, publishesBytes: largestEvent }),
      streamHealthCheck(jsm, { stream: topology.executions.stream, durables: [consumers.catalogExecutions] }),
      streamHealthCheck(jsm, { stream: topology.scheduleState.stream, durables: [consumers.catalogScheduleState] }),
      streamHealthCheck(jsm, {
        stream: topology.notificationResults.stream,
        durables: [consumers.catalogNotificationResults],
      }),
    ],
  });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      await Promise.all([...progress, notificationResults].map((consumer) => consumer.stop()));
      await pruner.stop();
      await relay.stop();
      tokens.close();
      await nats.drain();
      redis.disconnect();
      await orm.close();
      await metrics.stop();
      log.info('stopped');
    },
  };
});
