import { streamSpec, topology } from '@chrono/contracts';
import { ensureConsumer, ensureStream, type JetStreamManager, type NatsSettings } from '@chrono/kit';
import type { DispatchSettings } from '../config';

/**
 * Creates, or brings up to date, what the executor uses on JetStream: the dispatch work queue and
 * its durable consumer, the executions stream it publishes to, and the dead-letter stream. Every
 * service that touches these streams ensures them with the same settings.
 */
export async function ensureExecutorTopology(jsm: JetStreamManager, dispatch: DispatchSettings, ackWaitMs: number, nats: NatsSettings): Promise<void> {
  await ensureStream(jsm, { ...streamSpec(topology.dispatch, nats), name: dispatch.stream, subjects: [dispatch.subject] });
  await ensureConsumer(jsm, { stream: dispatch.stream, durable: dispatch.consumer, filterSubjects: [dispatch.subject], ackWaitMs });
  await ensureStream(jsm, streamSpec(topology.executions, nats));
  await ensureStream(jsm, streamSpec(topology.deadLetters, nats));
}
