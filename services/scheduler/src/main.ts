import { randomUUID } from 'node:crypto';
import { consumers, streamSpec, topology } from '@chrono/contracts';
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
  OutboxRelay,
  OutboxWakeup,
  pingDatabase,
  RateLimiter,
  registerOutboxMetrics,
  runService,
  startMetricsServer,
  streamHealthCheck,
  writeRateLimiter,
  configureGrpcSecurity,
} from '@chrono/kit';
import { loadConfig } from './config';
import { initializeRunCounters } from './dispatch/dispatch-metrics';
import { registerScheduleMetrics } from './store/schedule-metrics';
import { cancelSignal } from './dispatch/cancel-signal';
import { Dispatcher } from './dispatch/dispatcher';
import { LostRunSweeper } from './dispatch/lost-run-sweeper';
import { MissedOccurrenceSweeper } from './dispatch/missed-occurrence-sweeper';
import { MissedOccurrenceStore } from './store/missed-occurrence-store';
import { RunsInFlightSweeper } from './dispatch/runs-in-flight-sweeper';
import { ReplicaSignals } from './dispatch/replica-signals';
import { RunQuota } from './domain/run-quota';
import { SchedulePlanner } from './domain/schedule-planner';
import { startJobEventConsumer } from './events/job-event-consumer';
import { BATCH_SUBJECTS, DISPATCH_ENVELOPE_BYTES } from './events/messages';
import { startOutcomeConsumer } from './events/outcome-consumer';
import { buildServer } from './server';
import { migrations } from './store/migrations';
import { RunsInFlightStore } from './store/runs-in-flight-store';
import { ScheduleStore } from './store/schedule-store';

runService('scheduler', async () => {
  const config = loadConfig();
  configureGrpcSecurity(config.grpc);
  const log = createLogger('scheduler', config.logLevel).child({ replica: config.dispatch.owner });
  const metrics = await startMetricsServer(config.metricsPort, log);

  const orm = await openDatabase({ settings: config.database, schema: 'scheduler', entities: [], migrations, log });
  const redis = await connectRedis(config.redis, 'scheduler');
  const nats = await connectNats(config.nats, 'scheduler');
  // A dispatch request carries the job's payload and target, which job-catalog keeps within MAX_JOB_BYTES;
  // states and lost-attempt outcomes are small.
  const largestDispatch = config.maxJobBytes + DISPATCH_ENVELOPE_BYTES + HEADER_ALLOWANCE_BYTES;
  checkMessagesFit(nats, [
    {
      what: 'dispatch requests',
      bytes: largestDispatch,
      setBy: `MAX_JOB_BYTES (${config.maxJobBytes}) plus ${DISPATCH_ENVELOPE_BYTES + HEADER_ALLOWANCE_BYTES} for the request's other fields and headers`,
    },
    deadLetterBound,
  ]);
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  const tokens = createTokenVerifier(config.tokens, redis);
  for (const entry of [topology.dispatch, topology.executions, topology.scheduleState])
    await ensureStream(jsm, streamSpec(entry, config.nats));

  // What it publishes besides dispatch requests (states, lost attempts) leaves through its outbox,
  // many to a message: one state per job per run would otherwise be a stream message each.
  const relay = new OutboxRelay({
    db: config.database,
    schema: 'scheduler',
    nc: nats,
    log,
    ...config.outbox,
    // It carries schedule states and the ends of attempts the scheduler settled itself (lost, superseded): all
    // report on runs already decided, so nothing on the way to a run waits for them.
    batchWaitMs: config.nats.outcomeBatchWaitMs,
    batchSubjects: BATCH_SUBJECTS,
  });
  const notify = notifyAfterCommit(orm);
  const wakeup = new OutboxWakeup('scheduler', notify, relay);
  const store = new ScheduleStore(orm, wakeup, notify, config.dispatch.lookaheadMs);
  const runsInFlight = new RunsInFlightStore(orm, wakeup);
  const planner = new SchedulePlanner(config.retry, { newId: randomUUID, random: Math.random });
  const quota = new RunQuota(config.maxRunsPerUserPerMinute);
  const dispatcher = new Dispatcher(store, planner, quota, js, log, {
    ...config.dispatch,
    recordWaitMs: config.nats.outcomeBatchWaitMs,
  });
  initializeRunCounters();
  const signals = new ReplicaSignals(config.database, dispatcher, log);
  const sweeper = new LostRunSweeper(store, planner, log, config.dispatch.pollIntervalMs * 2, cancelSignal(nats, log));
  const missedSweeper = new MissedOccurrenceSweeper(
    new MissedOccurrenceStore(orm, wakeup),
    log,
    config.missedOccurrenceGraceMs,
    config.dispatch.pollIntervalMs * 2,
  );

  const runsSweeper = new RunsInFlightSweeper(runsInFlight, planner, js, log, {
    intervalMs: config.dispatch.pollIntervalMs * 2,
    lostRunGraceMs: config.dispatch.lostRunGraceMs,
  });

  relay.start();
  registerOutboxMetrics(orm, 'scheduler', log);
  registerScheduleMetrics(orm, log);
  await signals.start();
  dispatcher.start();
  sweeper.start();
  missedSweeper.start();
  runsSweeper.start();
  const eventConsumers = [
    await startJobEventConsumer({ jsm, js, settings: config.nats }, store, planner, log),
    await startOutcomeConsumer({ jsm, js, settings: config.nats }, store, planner, log, runsInFlight),
  ];

  const server = buildServer({
    store,
    planner,
    quota,
    writeLimiter: writeRateLimiter(redis, config.writeRate, log),
    triggerWaitForJobMs: config.triggerWaitForJobMs,
    previewLimiter: new RateLimiter(
      redis,
      {
        ...config.previewRate,
        name: 'previews',
        refusal: `too many previews: at most ${config.previewRate.perSecond} a second per user, ${config.previewRate.burst} at once (RATE_LIMIT_PREVIEWS_PER_SECOND, RATE_LIMIT_PREVIEW_BURST)`,
      },
      log,
    ),
    authenticator: tokens.verifier,
    log,
    dependencies: [
      { name: 'postgresql', check: () => pingDatabase(orm) },
      { name: 'redis', check: () => redis.ping() },
      { name: 'nats', check: () => jsm.getAccountInfo() },
      streamHealthCheck(jsm, { stream: topology.dispatch.stream, publishesBytes: largestDispatch }),
      streamHealthCheck(jsm, { stream: topology.jobEvents.stream, durables: [consumers.schedulerJobEvents] }),
      streamHealthCheck(jsm, { stream: topology.executions.stream, durables: [consumers.schedulerExecutions] }),
    ],
  });
  await server.start(config.port);

  return {
    async stop() {
      await server.stop();
      await Promise.all(eventConsumers.map((consumer) => consumer.stop()));
      await dispatcher.stop();
      await sweeper.stop();
      await missedSweeper.stop();
      await runsSweeper.stop();
      await signals.stop();
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
