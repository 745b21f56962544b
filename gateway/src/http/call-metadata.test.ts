import type { IncomingMessage } from 'node:http';
import { callMetadata, clientAddressOf, requestIdOf } from './call-metadata';

const request = (headers: Record<string, string>, remoteAddress = '::ffff:10.1.2.3') =>
  ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

describe('call metadata', () => {
  it('forwards authorization and idempotency-key, sets the request id and the socket address, and drops identity headers', () => {
    const metadata = callMetadata(
      request({
        authorization: 'Bearer t',
        'idempotency-key': 'k1',
        'x-client-address': '6.6.6.6',
        'x-user-id': 'admin',
        cookie: 'c',
      }),
      'r1',
    );
    expect(metadata.getMap()).toEqual({
      authorization: 'Bearer t',
      'idempotency-key': 'k1',
      'x-request-id': 'r1',
      'x-client-address': '10.1.2.3',
    });
  });

  it('keeps a sane client request id and makes a UUID otherwise', () => {
    expect(requestIdOf(request({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
    expect(requestIdOf(request({ 'x-request-id': 'bad id\nwith newline' }))).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdOf(request({}))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes IPv6 addresses as they are', () => {
    expect(clientAddressOf(request({}, '::1'))).toBe('::1');
  });
});
