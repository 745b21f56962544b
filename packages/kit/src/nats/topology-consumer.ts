import { deadLetterSubjectOf, streamSpec, topology, type TopologyStream } from '@chrono/contracts';
import type { Logger } from 'pino';
import type { NatsSettings } from '../config/common-settings';
import { reportConsumerPending } from './consumer-metrics';
import { EventConsumer, type DeliveredMessage, type EventConsumerOptions } from './event-consumer';
import { ensureConsumer, ensureStream, type JetStreamClient, type JetStreamManager } from './jetstream';

/** What a service's consumers are set up with: its JetStream handles and the deployment's stream settings. */
export interface JetStreamContext {
  jsm: JetStreamManager;
  js: JetStreamClient;
  settings: NatsSettings;
}

/** A durable consumer of one of the topology's streams, with the EventConsumer options that vary. */
export interface TopologyConsumerSpec extends Omit<EventConsumerOptions, 'stream' | 'durable' | 'deadLetterSubject'> {
  from: TopologyStream;
  /** The durable's name, one of the contracts' `consumers`; its dead letters go to `deadletter.<durable>`. */
  durable: string;
}

/**
 * Makes sure the stream, the dead-letter stream and the durable consumer exist, then starts an
 * EventConsumer on them: the setup every service's consumer shares.
 */
export async function startTopologyConsumer(
  nats: JetStreamContext,
  spec: TopologyConsumerSpec,
  handle: (message: DeliveredMessage) => Promise<void>,
  log: Logger,
): Promise<EventConsumer> {
  const { from, durable, ...options } = spec;
  await ensureStream(nats.jsm, streamSpec(from, nats.settings));
  await ensureStream(nats.jsm, streamSpec(topology.deadLetters, nats.settings));
  await ensureConsumer(nats.jsm, { stream: from.stream, durable, filterSubjects: [...from.subjects] });
  const consumer = new EventConsumer(
    nats.js,
    {
      batchWaitMs: nats.settings.eventBatchWaitMs,
      ...options,
      stream: from.stream,
      durable,
      deadLetterSubject: deadLetterSubjectOf(durable),
    },
    handle,
    log,
  );
  await consumer.start();
  reportConsumerPending(nats.jsm, from.stream, durable);
  return consumer;
}
