import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumerMessages, JsMsg } from 'nats';

export interface BatchLoopOptions {
  /** Most messages in one batch. */
  maxBatch: number;
  /** Batches handled at once. */
  workers: number;
  /** How long a batch that is not full waits for more messages, in ms (0: taken at once). */
  waitMs: number;
}

/**
 * Hands the messages of a pull subscription to `handle` in batches: a reader fills a buffer as
 * messages arrive, and each of `workers` takes what is waiting (up to `maxBatch`) as its next batch.
 * Resolves once the subscription has closed and every batch taken has been handled.
 */
export async function inBatches(
  messages: ConsumerMessages,
  { maxBatch, workers, waitMs }: BatchLoopOptions,
  handle: (batch: JsMsg[]) => Promise<void>,
): Promise<void> {
  const buffer: JsMsg[] = [];
  let reading = true;
  const waiting: Array<() => void> = [];
  const changed = () => waiting.splice(0).forEach((wake) => wake());
  const waitForChange = () => new Promise<void>((resolve) => waiting.push(resolve));
  const reader = (async () => {
    for await (const msg of messages) {
      buffer.push(msg);
      changed();
      // Keep no more than the workers can take in one round each, so the stream holds the rest.
      while (buffer.length >= maxBatch * workers && reading) await waitForChange();
    }
    reading = false;
    changed();
  })();
  const worker = async () => {
    for (;;) {
      if (buffer.length === 0) {
        if (!reading) return;
        await waitForChange();
        continue;
      }
      if (waitMs > 0 && buffer.length < maxBatch && reading) {
        // Fewer than a full batch: give the rest a moment to arrive, so that they share its transaction.
        const waited = sleep(waitMs).then(() => true);
        while (buffer.length > 0 && buffer.length < maxBatch && reading)
          if (await Promise.race([waitForChange().then(() => false), waited])) break;
        if (buffer.length === 0) continue;
      }
      const batch = buffer.splice(0, maxBatch);
      changed();
      await handle(batch);
    }
  };
  await Promise.all([reader, ...Array.from({ length: workers }, worker)]);
}
