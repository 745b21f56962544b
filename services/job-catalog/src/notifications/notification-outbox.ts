import { eventTypes, topology } from '@chrono/contracts';
import { addToOutbox, encodeJson, runSql, type OutboxMessage } from '@chrono/kit';
import { newNotificationSecret, type TargetSecrets } from '@chrono/targets';
import type { Transaction } from '../store/job-progress-store';

/** What the executor gets for a delivery (JSON on NOTIFICATION_REQUESTS): all it needs to send every attempt. */
export interface DeliveryRequest {
  deliveryId: string;
  /** The first attempt this message stands for; a redelivery is the next one. */
  attempt: number;
  url: string;
  /** Header values as stored, sealed with TARGET_SECRETS_KEY. */
  headers: Record<string, string>;
  /** The owner's signing secret when the delivery was written, sealed. */
  sealedSecret: string;
  /** The body, sent byte for byte. */
  body: string;
}

/**
 * Hands new deliveries to the executors: one message each in job-catalog's outbox, in the
 * transaction that writes the delivery rows. Makes the owner's secret if they have none yet.
 */
export async function requestDeliveries(
  em: Transaction,
  secrets: TargetSecrets,
  deliveries: Array<Omit<DeliveryRequest, 'sealedSecret' | 'attempt'> & { userId: string }>,
): Promise<void> {
  if (deliveries.length === 0) return;
  const sealed = new Map<string, string>();
  for (const userId of new Set(deliveries.map((d) => d.userId))) {
    const rows = await runSql<{ secret: string }>(
      em,
      `insert into catalog.notification_secrets (user_id, secret, created_at) values (?, ?, now())
       on conflict (user_id) do update set user_id = excluded.user_id returning secret`,
      [userId, secrets.seal(newNotificationSecret())],
    );
    sealed.set(userId, rows[0].secret);
  }
  const messages: OutboxMessage[] = deliveries.map(({ userId, ...delivery }) => {
    const request: DeliveryRequest = { ...delivery, attempt: 1, sealedSecret: sealed.get(userId) as string };
    return {
      id: delivery.deliveryId,
      subject: topology.notificationRequests.subject,
      type: eventTypes.notificationRequest,
      body: encodeJson(request),
    };
  });
  await addToOutbox(em, 'catalog', messages);
}
