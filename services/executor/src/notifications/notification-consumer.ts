import { consumers, eventTypes, streamSpec, topology } from '@chrono/contracts';
import {
  encodeJson,
  ensureStream,
  type DeliveredMessage,
  type EventConsumer,
  type JetStreamContext,
  type Logger,
  PoisonMessageError,
  publishEncoded,
  RedeliverLaterError,
  startTopologyConsumer,
} from '@chrono/kit';
import type { TargetSecrets } from '@chrono/targets';
import type { HttpCaller } from '../domain/http-caller';
import { sendNotification, type NotificationRequest } from './notification-sender';

/** Most attempts of one delivery (job-catalog marks it failed after the last). */
export const MAX_NOTIFICATION_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

export interface NotificationDeps {
  http: HttpCaller;
  secrets: TargetSecrets;
  /** NOTIFICATION_RETRY_DELAY: the wait after the first failed attempt; it doubles after each next one. */
  firstRetryDelayMs: number;
}

/**
 * Takes delivery requests from NOTIFICATION_REQUESTS, sends each attempt, and publishes its result on
 * NOTIFICATION_RESULTS. A failed attempt redelivers the request after the retry schedule's delay (a
 * nak with that delay); the n-th delivery of a request is its n-th attempt.
 */
export async function startNotificationConsumer(
  nats: JetStreamContext,
  deps: NotificationDeps,
  log: Logger,
): Promise<EventConsumer> {
  await startResultsStream(nats);
  return startTopologyConsumer(
    nats,
    { from: topology.notificationRequests, durable: consumers.executorNotifications, concurrency: 8 },
    (message) => deliver(nats, message, deps),
    log,
  );
}

async function startResultsStream(nats: JetStreamContext): Promise<void> {
  await ensureStream(nats.jsm, streamSpec(topology.notificationResults, nats.settings));
}

/** The wait before the next attempt after `attempt` failed, or undefined when none is left. */
export function notificationRetryDelayMs(attempt: number, firstDelayMs: number): number | undefined {
  return attempt >= MAX_NOTIFICATION_ATTEMPTS ? undefined : firstDelayMs * 2 ** (attempt - 1);
}

async function deliver(nats: JetStreamContext, message: DeliveredMessage, deps: NotificationDeps): Promise<void> {
  const request = decodeRequest(message);
  const attempt = request.attempt + message.deliveryCount - 1;
  const result = await sendNotification({ ...request, attempt }, { ...deps, timeoutMs: TIMEOUT_MS });
  const body = encodeJson({ ...result, at: result.at.toISOString() });
  // The message id makes a re-published result (after a crash between publish and ack) a duplicate.
  await publishEncoded(
    nats.js,
    topology.notificationResults.subject,
    eventTypes.notificationResult,
    body,
    `${request.deliveryId}.${attempt}`,
  );
  const delivered = result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;
  const delayMs = delivered ? undefined : notificationRetryDelayMs(attempt, deps.firstRetryDelayMs);
  if (delayMs !== undefined) throw new RedeliverLaterError(`notification attempt ${attempt} failed`, delayMs);
}

function decodeRequest(message: DeliveredMessage): NotificationRequest {
  let value: Partial<NotificationRequest>;
  try {
    value = JSON.parse(Buffer.from(message.data).toString('utf8')) as Partial<NotificationRequest>;
  } catch {
    throw new PoisonMessageError('notification request is not JSON');
  }
  const ok =
    typeof value.deliveryId === 'string' &&
    Number.isInteger(value.attempt) &&
    typeof value.url === 'string' &&
    typeof value.sealedSecret === 'string' &&
    typeof value.body === 'string' &&
    typeof value.headers === 'object';
  if (!ok) throw new PoisonMessageError('notification request lacks a field');
  return value as NotificationRequest;
}
