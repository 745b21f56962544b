import { consumers, topology } from '@chrono/contracts';
import {
  type DeliveredMessage,
  type EventConsumer,
  type JetStreamContext,
  type Logger,
  type MikroORM,
  PoisonMessageError,
  startTopologyConsumer,
} from '@chrono/kit';
import { stateAfter } from './notification-delivery';

/** An attempt's result as the executor publishes it (JSON on NOTIFICATION_RESULTS). */
export interface AttemptResult {
  deliveryId: string;
  attempt: number;
  statusCode?: number;
  error?: string;
  /** RFC 3339. */
  at: string;
}

/** Records each attempt's result on its delivery row. */
export async function startNotificationResults(
  nats: JetStreamContext,
  orm: MikroORM,
  log: Logger,
): Promise<EventConsumer> {
  return startTopologyConsumer(
    nats,
    { from: topology.notificationResults, durable: consumers.catalogNotificationResults, concurrency: 2 },
    (message) => recordResult(orm, decodeResult(message)),
    log,
  );
}

/**
 * Applies a result unless the row already holds that attempt or a later one, or is no longer
 * pending: a redelivered (or late) result changes nothing.
 */
export async function recordResult(orm: MikroORM, result: AttemptResult): Promise<void> {
  await orm.em.fork().execute(
    `update catalog.notification_deliveries
     set attempts = ?, state = ?, last_status_code = ?, last_error = ?, last_attempt_at = ?
     where id = ? and state = 'pending' and attempts < ?`,
    [
      result.attempt,
      stateAfter(result),
      result.statusCode ?? null,
      result.error ?? null,
      new Date(result.at),
      result.deliveryId,
      result.attempt,
    ],
  );
}

function decodeResult(message: DeliveredMessage): AttemptResult {
  let value: Partial<AttemptResult>;
  try {
    value = JSON.parse(Buffer.from(message.data).toString('utf8')) as Partial<AttemptResult>;
  } catch {
    throw new PoisonMessageError('notification result is not JSON');
  }
  const ok =
    typeof value.deliveryId === 'string' &&
    Number.isInteger(value.attempt) &&
    typeof value.at === 'string' &&
    !Number.isNaN(Date.parse(value.at));
  if (!ok) throw new PoisonMessageError('notification result lacks deliveryId, attempt or at');
  return value as AttemptResult;
}
