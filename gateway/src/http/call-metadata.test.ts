import type { IncomingMessage } from 'node:http';
import { callMetadata, clientAddressOf, requestIdOf } from './call-metadata';

const request = (headers: Record<string, string | string[]>, remoteAddress = '::ffff:10.1.2.3') =>
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

  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddressOf(request({ 'x-forwarded-for': '6.6.6.6' }))).toBe('10.1.2.3');
    expect(clientAddressOf(request({ 'x-forwarded-for': '6.6.6.6' }), 0)).toBe('10.1.2.3');
  });

  it('takes the address the outermost trusted proxy appended, whatever the client wrote to its left', () => {
    const forwarded = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' };
    expect(clientAddressOf(request(forwarded), 1)).toBe('203.0.113.9');
    expect(clientAddressOf(request(forwarded), 2)).toBe('6.6.6.6');
    expect(clientAddressOf(request({ 'x-forwarded-for': ['6.6.6.6', '2001:db8::7'] }), 1)).toBe('2001:db8::7');
    expect(clientAddressOf(request({ 'x-forwarded-for': '::ffff:198.51.100.4' }), 1)).toBe('198.51.100.4');
    expect(callMetadata(request(forwarded), 'r1', 1).get('x-client-address')).toEqual(['203.0.113.9']);
  });

  it('falls back to the socket address when the header is too short or not an address where it is read', () => {
    expect(clientAddressOf(request({}), 1)).toBe('10.1.2.3');
    expect(clientAddressOf(request({ 'x-forwarded-for': '203.0.113.9' }), 2)).toBe('10.1.2.3');
    expect(clientAddressOf(request({ 'x-forwarded-for': '6.6.6.6, unknown' }), 1)).toBe('10.1.2.3');
  });
});
