import { describeNetworkError, withoutAddresses } from './network-error';

const failure = (message: string, code?: string) => Object.assign(new Error(message), code ? { code } : {});

describe('describeNetworkError', () => {
  it.each([
    [failure('connect ECONNREFUSED 10.0.0.5:8080', 'ECONNREFUSED'), 'connection refused (ECONNREFUSED)'],
    [failure('connect ETIMEDOUT 192.168.1.9:443', 'ETIMEDOUT'), 'connection timed out (ETIMEDOUT)'],
    [failure('connect EHOSTUNREACH fd00::5:443', 'EHOSTUNREACH'), 'host unreachable (EHOSTUNREACH)'],
    [failure('socket hang up', 'ECONNRESET'), 'connection reset (ECONNRESET)'],
    [
      failure(
        "Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list: ",
        'ERR_TLS_CERT_ALTNAME_INVALID',
      ),
      "the server's certificate is not valid for this host (ERR_TLS_CERT_ALTNAME_INVALID)",
    ],
    [
      failure('Parse Error: Invalid header value char', 'HPE_INVALID_HEADER_TOKEN'),
      'the answer is not valid HTTP (HPE_INVALID_HEADER_TOKEN)',
    ],
    [failure('write EINVAL 10.1.2.3:80', 'EINVAL'), 'write EINVAL <address>'],
    [failure('something odd happened at [2001:db8::1]:443'), 'something odd happened at <address>'],
  ])('describes %p without an address', (error, expected) => {
    expect(describeNetworkError(error)).toBe(expected);
    expect(describeNetworkError(error)).not.toMatch(/\d+\.\d+\.\d+\.\d+|::/);
  });
});

describe('withoutAddresses', () => {
  it('replaces IPv4 and IPv6 addresses with their ports, and leaves words, times and versions alone', () => {
    expect(withoutAddresses('connect to 10.0.0.5:80 and [fe80::1%eth0]:443 and ::ffff:127.0.0.1 failed')).toBe(
      'connect to <address> and <address> and <address> failed',
    );
    expect(withoutAddresses('HTTP/1.1 at 12:30:45 took 1.5 s, error: bad')).toBe(
      'HTTP/1.1 at 12:30:45 took 1.5 s, error: bad',
    );
    expect(withoutAddresses('from 2001:db8:0:0:1:0:0:1 and 192.0.2.10')).toBe('from <address> and <address>');
  });
});
