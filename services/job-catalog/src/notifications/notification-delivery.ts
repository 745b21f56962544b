import type { NotificationEvent } from './notification-spec';

/** Most delivery attempts of one notification. */
export const MAX_DELIVERY_ATTEMPTS = 8;
/** The wait after the first failed attempt; it doubles after each next one. */
export const FIRST_RETRY_DELAY_MS = 30_000;
/** How long one delivery attempt may take. */
export const DELIVERY_TIMEOUT_MS = 10_000;

/**
 * The wait before attempt `attempt + 1` after attempt `attempt` (1-based) failed, or undefined when
 * none is left: 30 s, 1, 2, 4, 8, 16, 32 min, so 8 attempts span about an hour (63.5 min).
 */
export function retryDelayMs(attempt: number): number | undefined {
  if (attempt >= MAX_DELIVERY_ATTEMPTS) return undefined;
  return FIRST_RETRY_DELAY_MS * 2 ** (attempt - 1);
}

/** The states a delivery goes through. */
export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** A delivery attempt's result as the executor reports it. */
export interface DeliveryAttempt {
  attempt: number;
  statusCode?: number;
  error?: string;
}

/** The state after an attempt: delivered on a 2xx answer, failed once no attempt is left. */
export function stateAfter(result: DeliveryAttempt): DeliveryState {
  if (result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300) return 'delivered';
  return retryDelayMs(result.attempt) === undefined ? 'failed' : 'pending';
}

/** What a notification's body says (JSON), documented in the README. */
export interface NotificationBody {
  /** UUID of the delivery: the same on every retry, for receivers to drop duplicates. */
  id: string;
  event: NotificationEvent;
  /** When the event happened (RFC 3339). */
  createdAt: string;
  job: { id: string; name: string; type: string };
  occurrence: { dueAt?: string };
  execution?: {
    id: string;
    attempt: number;
    status: 'success' | 'failed';
    startedAt: string;
    completedAt: string;
    errorMessage?: string;
  };
}
