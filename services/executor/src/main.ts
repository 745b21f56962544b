import { hostname } from 'node:os';
import { systemSubjects, topology } from '@chrono/contracts';
import {
  checkMessagesFit,
  connectNats,
  connectRedis,
  createLogger,
  createTokenVerifier,
  deadLetterBound,
  HEADER_ALLOWANCE_BYTES,
  reportConsumerPending,
  runService,
  startMetricsServer,
  StartupError,
  streamHealthCheck,
  configureGrpcSecurity,
} from '@chrono/kit';
import { TargetSecrets } from '@chrono/targets';
import { loadConfig } from './config';
import { DefaultHandler } from './domain/default-handler';
import { HandlerRegistry } from './domain/handler-registry';
import { HttpHandler } from './domain/http-handler';
import { JobRunner } from './domain/job-runner';
import { NatsHandler } from './domain/nats-handler';
import { OutboundHttpClient } from './outbound/outbound-http-client';
import { OutboundPolicy } from './outbound/outbound-policy';
import { UserSlots } from './domain/user-slots';
import { CancelListener } from './events/cancel-listener';
import { corePublisher } from './events/core-publisher';
import { DeadLetters } from './events/dead-letters';
import { DispatchConsumer } from './events/dispatch-consumer';
import { DispatchWorker } from './events/dispatch-worker';
import { ensureExecutorTopology } from './events/executor-topology';
import { OUTCOME_ENVELOPE_BYTES, OutcomePublisher } from './events/outcome-publisher';
import { startNotificationConsumer } from './notifications/notification-consumer';
import { buildServer } from './server';

runService('executor', async () => {
  const config = loadConfig();
  configureGrpcSecurity(config.grpc);
  const executorId = `${hostname()}:${process.pid}`;
  const log = createLogger('executor', config.logLevel).child({ executorId });
  const metrics = await startMetricsServer(config.metricsPort, log);

  const nats = await connectNats(config.nats, 'executor');
  // A result is an http answer (HTTP_TARGET_MAX_RESPONSE_BYTES) or, by default, the payload (within MAX_JOB_BYTES).
  const maxResultBytes = Math.max(config.maxJobBytes, config.httpMaxResponseBytes);
  const largestOutcome = maxResultBytes + OUTCOME_ENVELOPE_BYTES + HEADER_ALLOWANCE_BYTES;
  checkMessagesFit(nats, [
    {
      what: 'execution outcomes',
      bytes: largestOutcome,
      setBy: `the larger of MAX_JOB_BYTES (${config.maxJobBytes}) and HTTP_TARGET_MAX_RESPONSE_BYTES (${config.httpMaxResponseBytes}) plus ${OUTCOME_ENVELOPE_BYTES + HEADER_ALLOWANCE_BYTES} for the event's other fields and headers`,
    },
    deadLetterBound,
  ]);
  const jsm = await nats.jetstreamManager();
  const js = nats.jetstream();
  await ensureExecutorTopology(
    jsm,
    config.dispatch,
    { ackWaitMs: config.ackWaitMs, maxAckPending: config.maxAckPending },
    config.nats,
  ).catch((error: Error) => {
    if (error instanceof StartupError) throw error;
    throw new StartupError(
      `cannot set up the JetStream streams: ${error.message}. Is JetStream enabled (nats-server -js)?`,
      error,
    );
  });

  // Jobs' own messages go out as a user of their own when one is set, which the server keeps to users' subjects.
  const targetNats = config.natsTargetCredentials
    ? await connectNats({ ...config.nats, credentials: config.natsTargetCredentials }, 'executor-targets')
    : nats;

  // The rules job-catalog checked at creation, again at each run; the dispatch subject may be a pool's own.
  const targetRules = {
    natsSubjects: config.natsTargetSubjects,
    reservedSubjects: [...systemSubjects, config.dispatch.subject],
    httpMaxTimeoutSeconds: config.httpMaxTimeoutSeconds,
  };
  const outbound = new OutboundHttpClient(new OutboundPolicy(config.httpAllowHosts), {
    maxResponseBytes: config.httpMaxResponseBytes,
    connectTimeoutMs: config.httpConnectTimeoutMs,
    idleTimeoutMs: config.httpIdleTimeoutMs,
  });
  const targetSecrets = new TargetSecrets(config.targetSecrets.key, config.targetSecrets.previousKeys);
  const registry = new HandlerRegistry([
    new DefaultHandler(),
    new HttpHandler(outbound, targetRules, targetSecrets),
    new NatsHandler(corePublisher(targetNats), targetRules),
  ]);
  const worker = new DispatchWorker(
    new JobRunner(registry, { defaultTimeoutMs: config.defaultJobTimeoutMs }),
    new OutcomePublisher(js, {
      executorId,
      maxResultBytes,
      batchWaitMs: config.nats.eventBatchWaitMs,
      maxPayloadBytes: nats.info?.max_payload,
    }),
    new DeadLetters(js, { stream: config.dispatch.stream, consumer: config.dispatch.consumer }),
    { heartbeatMs: config.heartbeatMs, startedEventAfterMs: config.startedEventAfterMs },
    log,
  );
  const cancels = new CancelListener(nats, worker.attempts, log);
  const slots = new UserSlots({ maxPerUser: config.maxSlotsPerUser, maxQueueWaitMs: config.maxQueueWaitMs });
  const consumer = new DispatchConsumer(
    js,
    worker,
    slots,
    { stream: config.dispatch.stream, durable: config.dispatch.consumer, concurrency: config.concurrency },
    log,
  );

  const redis = await connectRedis(config.redis, 'executor');
  const tokens = createTokenVerifier(config.tokens, redis);
  const server = buildServer({
    registry,
    authenticator: tokens.verifier,
    log,
    dependencies: [
      { name: 'nats', check: () => jsm.getAccountInfo() },
      { name: 'redis', check: () => redis.ping() },
      streamHealthCheck(jsm, { stream: config.dispatch.stream, durables: [config.dispatch.consumer] }),
      streamHealthCheck(jsm, { stream: topology.executions.stream, publishesBytes: largestOutcome }),
    ],
  });
  await server.start(config.port);
  cancels.start();
  await consumer.start();
  const notifications = await startNotificationConsumer(
    { jsm, js, settings: config.nats },
    { http: outbound, secrets: targetSecrets, firstRetryDelayMs: config.notificationRetryDelayMs },
    log,
  );
  reportConsumerPending(jsm, config.dispatch.stream, config.dispatch.consumer);
  log.info(
    {
      ...config.dispatch,
      concurrency: config.concurrency,
      maxSlotsPerUser: config.maxSlotsPerUser,
      ackWaitMs: config.ackWaitMs,
      heartbeatMs: config.heartbeatMs,
    },
    'taking dispatch requests',
  );

  return {
    // Stopping may take the whole grace period, then the hand-back and the drain.
    stopTimeoutMs: config.shutdownGraceMs + 10_000,
    async stop() {
      await server.stop();
      await consumer.stop(config.shutdownGraceMs);
      cancels.stop();
      await notifications.stop();
      tokens.close();
      redis.disconnect();
      await nats.drain();
      if (targetNats !== nats) await targetNats.drain();
      await metrics.stop();
      log.info('stopped');
    },
  };
});
