import { topology } from '@chrono/contracts';
import { ensureConsumer, ensureStream, type JetStreamManager } from '@chrono/kit';
import type { DispatchSettings } from '../config';

/**
 * Creates, or brings up to date, what the executor uses on JetStream: the dispatch work queue and
 * its durable consumer, the executions stream it publishes to, and the dead-letter stream. Every
 * service that touches these streams ensures them with the same settings.
 */
export async function ensureExecutorTopology(jsm: JetStreamManager, dispatch: DispatchSettings, ackWaitMs: number): Promise<void> {
  await ensureStream(jsm, { name: dispatch.stream, subjects: [dispatch.subject], retention: 'workqueue' });
  await ensureConsumer(jsm, { stream: dispatch.stream, durable: dispatch.consumer, filterSubjects: [dispatch.subject], ackWaitMs });
  await ensureStream(jsm, { name: topology.executions.stream, subjects: [...topology.executions.subjects], retention: 'limits' });
  await ensureStream(jsm, { name: topology.deadLetters.stream, subjects: [...topology.deadLetters.subjects], retention: 'limits' });
}
