import { NatsError } from 'nats';
import { classifyPublishError } from './publish-errors';

// Errors as nats.js raises them (the server's JetStream errors come with an api_error).
const apiError = (code: number, errCode: number, description: string) =>
  Object.assign(new NatsError(String(code), String(code)), { api_error: { code, err_code: errCode, description } });

describe('classifyPublishError', () => {
  it('calls a message larger than max_payload permanent, with its size and the limit', () => {
    expect(
      classifyPublishError(new NatsError('MAX_PAYLOAD_EXCEEDED', 'MAX_PAYLOAD_EXCEEDED'), 2_000_000, 1_048_576),
    ).toEqual({
      permanent: true,
      streamFull: false,
      reason:
        "the message (2000000 bytes and its headers) is larger than the NATS server's max_payload of 1048576 bytes",
    });
  });

  it.each([
    ['a malformed subject', new NatsError('BAD_SUBJECT', 'BAD_SUBJECT')],
    [
      'JetStream refusing the message itself (400: larger than the stream allows)',
      apiError(400, 10054, 'message size exceeds maximum allowed'),
    ],
  ])('calls %s permanent', (_case, error) => {
    expect(classifyPublishError(error, 10).permanent).toBe(true);
  });

  it.each([
    ['no responders', new NatsError('503', '503')],
    ['a timeout', new NatsError('TIMEOUT', 'TIMEOUT')],
    ['a closed connection', new NatsError('CONNECTION_CLOSED', 'CONNECTION_CLOSED')],
    ['a permissions violation', new NatsError('Permissions Violation for Publish to "x"', 'PERMISSIONS_VIOLATION')],
    ['JetStream out of storage', apiError(503, 10047, 'insufficient resources')],
    ['an error nobody knows', new Error('something odd')],
  ])('calls %s transient', (_case, error) => {
    expect(classifyPublishError(error, 10)).toMatchObject({ permanent: false, streamFull: false });
  });

  it('recognises a full stream that refuses new messages', () => {
    expect(classifyPublishError(apiError(503, 10077, 'maximum bytes exceeded'), 10)).toEqual({
      permanent: false,
      streamFull: true,
      reason: 'the stream is full (maximum bytes exceeded)',
    });
  });
});
