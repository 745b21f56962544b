import { streamSpec, topology } from '@chrono/contracts';
import { ensureConsumer, ensureStream, type JetStreamManager, type NatsSettings } from '@chrono/kit';
import type { DispatchSettings } from '../config';

/**
 * Creates, or brings up to date, what the executor uses on JetStream: the dispatch work queue and
 * its durable consumer, the executions stream it publishes to, and the dead-letter stream. Every
 * service that touches these streams ensures them with the same settings.
 */
export async function ensureExecutorTopology(
  jsm: JetStreamManager,
  dispatch: DispatchSettings,
  consumer: { ackWaitMs: number; maxAckPending: number },
  nats: NatsSettings,
): Promise<void> {
  await ensureStream(jsm, {
    ...streamSpec(topology.dispatch, nats),
    name: dispatch.stream,
    subjects: [dispatch.subject],
  });
  // Requests held back for their owner's share of slots wait unacked (a nak with a delay keeps them
  // pending): max_ack_pending must leave room for them beside the running ones, or a flood of one
  // user's requests would stop the consumer delivering anyone's. No max_deliver, so a request held
  // back many times is not dropped; EXECUTOR_MAX_QUEUE_WAIT ends its wait.
  await ensureConsumer(jsm, {
    stream: dispatch.stream,
    durable: dispatch.consumer,
    filterSubjects: [dispatch.subject],
    ...consumer,
    maxDeliver: -1,
  });
  await ensureStream(jsm, streamSpec(topology.executions, nats));
  await ensureStream(jsm, streamSpec(topology.deadLetters, nats));
}
