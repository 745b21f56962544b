import { gauge, lazily } from '../metrics/metrics-registry';
import { sharedSample } from '../metrics/shared-sample';
import type { JetStreamManager } from './jetstream';

// A scrape waits at most this long for NATS; past it the consumer's series is left out of that scrape.
const SAMPLE_TIMEOUT_MS = 2000;

/** The durable consumers this process reads, by `stream/durable`, and how to sample each. */
const consumers = new Map<string, { stream: string; durable: string; pending: () => Promise<number> }>();

const pendingGauge = lazily(() =>
  gauge({
    name: 'chrono_consumer_pending_messages',
    help: 'Messages of a durable consumer not yet handled: not yet delivered, or delivered and not yet acknowledged.',
    labelNames: ['stream', 'consumer'] as const,
    async collect() {
      await Promise.all(
        [...consumers.values()].map(async ({ stream, durable, pending }) => {
          const labels = { stream, consumer: durable };
          try {
            this.set(labels, await pending());
          } catch {
            this.remove(labels);
          }
        }),
      );
    },
  }),
);

/**
 * Reports how far behind a durable consumer is (JetStream's `num_pending + num_ack_pending`), read
 * from NATS at each scrape. Every replica reports the same shared consumer; take the max across them.
 */
export function reportConsumerPending(jsm: JetStreamManager, stream: string, durable: string): void {
  consumers.set(`${stream}/${durable}`, {
    stream,
    durable,
    pending: sharedSample(async () => {
      const info = await jsm.consumers.info(stream, durable);
      return info.num_pending + info.num_ack_pending;
    }, SAMPLE_TIMEOUT_MS),
  });
  pendingGauge();
}
