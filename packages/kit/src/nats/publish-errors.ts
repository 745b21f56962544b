/** Why a JetStream publish failed, and whether trying again can ever help. */
export interface PublishFailure {
  /** True when the same message will fail the same way however often it is sent. */
  permanent: boolean;
  /** For people: what went wrong with this message. */
  reason: string;
  /** True when a stream refused it because it is full (discard policy `new`). */
  streamFull: boolean;
}

// Raised by nats.js before anything is sent, about the message itself.
const PERMANENT_CLIENT_CODES = new Set([
  'MAX_PAYLOAD_EXCEEDED',
  'BAD_SUBJECT',
  'BAD_HEADER',
  'BAD_PAYLOAD',
  'INVALID_PAYLOAD',
]);
// JetStream's "store failed" error; with "maximum ... exceeded" it is a full stream that refuses new messages.
const STORE_FAILED = 10077;

interface NatsLikeError {
  code?: string;
  message?: string;
  chainedError?: { message?: string };
  api_error?: { code?: number; err_code?: number; description?: string };
}

/**
 * Sorts a failed publish of a message of `bytes` bytes (before headers) into permanent or transient. Permanent:
 * the message is larger than the server's max_payload (`maxPayload`, when known), a malformed subject
 * or header, or JetStream answering 400 about the message (larger than the stream's max_msg_size,
 * say). Everything else is transient and worth retrying with a backoff: no responders (503: no stream
 * for the subject yet, JetStream restarting), timeouts, a lost connection, a full stream, a permissions
 * violation an operator can lift, and any error not recognised.
 */
export function classifyPublishError(error: unknown, bytes: number, maxPayload?: number): PublishFailure {
  const e = (error ?? {}) as NatsLikeError;
  if (e.code === 'MAX_PAYLOAD_EXCEEDED') {
    const limit = maxPayload === undefined ? '' : ` of ${maxPayload} bytes`;
    return {
      permanent: true,
      streamFull: false,
      reason: `the message (${bytes} bytes and its headers) is larger than the NATS server's max_payload${limit}`,
    };
  }
  if (e.code && PERMANENT_CLIENT_CODES.has(e.code))
    return { permanent: true, streamFull: false, reason: `${e.code}: ${e.message ?? ''}`.trim() };
  const api = e.api_error;
  if (api) {
    const description = api.description ?? e.chainedError?.message ?? e.message ?? 'unknown error';
    const streamFull = api.err_code === STORE_FAILED && /maximum .*exceeded/i.test(description);
    const reason = streamFull
      ? `the stream is full (${description})`
      : `JetStream refused it: ${description} (code ${api.code}, error ${api.err_code})`;
    return { permanent: api.code === 400, streamFull, reason };
  }
  if (e.code === '503')
    return {
      permanent: false,
      streamFull: false,
      reason: 'no responders (503): no stream takes the subject, or JetStream is unavailable',
    };
  return {
    permanent: false,
    streamFull: false,
    reason: [e.code, e.message].filter((part, i, all) => part && all.indexOf(part) === i).join(': ') || String(error),
  };
}
