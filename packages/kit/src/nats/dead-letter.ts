import { headers as natsHeaders, type JetStreamClient } from 'nats';
import { encodeJson } from './jetstream';
import { DEAD_LETTER_MAX_BYTES, HEADER_ALLOWANCE_BYTES } from './message-size';

/** Where a dead letter's message was consumed from. */
export interface DeadLetterSource {
  stream: string;
  consumer: string;
}

/** The message that could not be handled. */
export interface PoisonMessage {
  subject: string;
  seq: number;
  data: Uint8Array;
  /** For one event of an EventBatch: its place in the batch. */
  batchIndex?: number;
}

const MAX_REASON_CHARS = 1000;

/**
 * The JSON body of a dead letter: where the message came from, why it was given up, its size, and its
 * bytes in base64, cut (with `truncated: true`) so that the body stays within
 * DEAD_LETTER_MAX_BYTES less the header allowance whatever the message's size.
 */
export function deadLetterBody(source: DeadLetterSource, msg: PoisonMessage, reason: string): Uint8Array {
  const base = {
    ...source,
    subject: msg.subject,
    seq: msg.seq,
    ...(msg.batchIndex === undefined ? {} : { batchIndex: msg.batchIndex }),
    error: reason.slice(0, MAX_REASON_CHARS),
    bytes: msg.data.length,
  };
  const room =
    DEAD_LETTER_MAX_BYTES - HEADER_ALLOWANCE_BYTES - encodeJson({ ...base, data: '', truncated: true }).length;
  // base64 writes 4 characters for every 3 bytes.
  const keep = Math.max(0, Math.min(msg.data.length, Math.floor(room / 4) * 3));
  const data = Buffer.from(msg.data.subarray(0, keep)).toString('base64');
  return encodeJson(keep < msg.data.length ? { ...base, data, truncated: true } : { ...base, data });
}

/**
 * Publishes a dead letter on `subject` with the source subject in a header and a Nats-Msg-Id of
 * stream, consumer, sequence (and place in its batch), so that a retry does not store it twice.
 */
export async function publishDeadLetter(
  js: JetStreamClient,
  subject: string,
  source: DeadLetterSource,
  msg: PoisonMessage,
  reason: string,
): Promise<void> {
  const h = natsHeaders();
  h.set('Chrono-Source-Subject', msg.subject);
  await js.publish(subject, deadLetterBody(source, msg, reason), {
    headers: h,
    msgID: `${source.stream}:${source.consumer}:${msg.seq}${msg.batchIndex === undefined ? '' : `:${msg.batchIndex}`}`,
    timeout: 5000,
  });
}
