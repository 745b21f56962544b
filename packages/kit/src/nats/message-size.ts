import type { NatsConnection } from 'nats';
import { StartupError } from '../lifecycle/run-service';

/**
 * Room kept for a message's headers (NATS counts them in max_payload): the type, the Nats-Msg-Id and,
 * on a dead letter, the source subject; in bytes. The system's own headers take under 300.
 */
export const HEADER_ALLOWANCE_BYTES = 1024;

/** The largest dead letter, headers included, in bytes (64 KiB): a dead letter keeps as much of the message as fits. */
export const DEAD_LETTER_MAX_BYTES = 65_536;

/** One kind of message a service publishes and the most bytes it can take, headers included. */
export interface MessageBound {
  /** What the messages are, e.g. "job events". */
  what: string;
  bytes: number;
  /** What sets the bound, e.g. "MAX_JOB_BYTES (262144) plus 1024 for headers". */
  setBy: string;
}

/**
 * Refuses to start (StartupError, exit code 78) when a message the service may publish is larger than
 * the connected NATS server accepts (its `max_payload`): such a message could never be sent, and the
 * outbox or the work it belongs to would be stuck on it.
 */
export function checkMessagesFit(nc: NatsConnection, bounds: MessageBound[]): void {
  const maxPayload = nc.info?.max_payload;
  if (maxPayload === undefined) return;
  const tooBig = bounds.filter((bound) => bound.bytes > maxPayload);
  if (tooBig.length === 0) return;
  const lines = tooBig.map((bound) => `${bound.what} can take ${bound.bytes} bytes (${bound.setBy})`);
  throw new StartupError(
    `the NATS server at ${nc.getServer()} accepts messages of at most ${maxPayload} bytes (its max_payload), but ${lines.join('; ')}. ` +
      'Raise max_payload in the NATS server configuration, or lower the settings named.',
    undefined,
    78,
  );
}

/** The bound of the dead letters every consumer may publish, for checkMessagesFit. */
export const deadLetterBound: MessageBound = {
  what: 'dead letters',
  bytes: DEAD_LETTER_MAX_BYTES,
  setBy: 'a fixed 64 KiB; longer messages are cut',
};
