import { classifyAddress, isValidAllowEntry, OutboundPolicy } from './outbound-policy';

describe('classifyAddress', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['10.0.0.5', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['::ffff:10.1.2.3', 'private'],
    ['169.254.169.254', 'cloud metadata'],
    ['fd00:ec2::254', 'cloud metadata'],
    ['::ffff:169.254.169.254', 'cloud metadata'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['168.63.129.16', 'cloud metadata'],
    ['64:ff9b::a00:5', 'NAT64'],
    ['64:ff9b::808:808', 'NAT64'],
    ['64:ff9b:1::1', 'NAT64'],
    ['2002:a00:5::1', '6to4'],
    ['2002:808:808::1', '6to4'],
    ['192.0.0.1', 'special-purpose'],
    ['192.0.0.170', 'special-purpose'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.254', 'benchmarking'],
    ['::ffff:198.18.0.1', 'benchmarking'],
    ['255.255.255.255', 'reserved'],
    ['not-an-address', 'reserved'],
  ])('%s is %s', (address, kind) => expect(classifyAddress(address)).toBe(kind));

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '192.0.1.1',
    '198.17.255.255',
    '198.20.0.1',
    '168.63.129.17',
    '64:ff9c::1',
    '2003::1',
  ])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeUndefined();
  });
});

describe('OutboundPolicy', () => {
  it('refuses non-public addresses by default, saying what they are', () => {
    const policy = new OutboundPolicy([]);
    expect(policy.refusal('10.0.0.5', '10.0.0.5')).toBe('10.0.0.5 is a private address');
    expect(policy.refusal('localhost', '127.0.0.1')).toBe('localhost resolves to a loopback address');
    expect(policy.refusal('internal.example.com', '10.0.0.5')).toBe(
      'internal.example.com resolves to a private address',
    );
    expect(policy.refusal('[64:ff9b::a00:5]', '64:ff9b::a00:5')).toBe('64:ff9b::a00:5 is a NAT64 address');
    expect(policy.refusal('wireserver.example', '168.63.129.16')).toBe(
      'wireserver.example resolves to a cloud metadata address',
    );
    expect(policy.refusal('[::1]', '::1')).toBe('::1 is a loopback address');
    expect(policy.refusal('0.0.0.0', '0.0.0.0')).toBe('0.0.0.0 is an unspecified address');
    expect(policy.refusal('example.com', '93.184.216.34')).toBeUndefined();
  });

  it('allows listed host names, addresses and subnets, and nothing else', () => {
    const policy = new OutboundPolicy(['LocalHost', '127.0.0.1', '10.1.0.0/16', 'fd00:ec2::254']);
    expect(policy.refusal('localhost.', '::1')).toBeUndefined();
    expect(policy.refusal('anything.internal', '127.0.0.1')).toBeUndefined();
    expect(policy.refusal('anything.internal', '::ffff:127.0.0.1')).toBeUndefined();
    expect(policy.refusal('10.1.200.3', '10.1.200.3')).toBeUndefined();
    expect(policy.refusal('[fd00:ec2::254]', 'fd00:ec2::254')).toBeUndefined();
    expect(policy.refusal('10.2.0.1', '10.2.0.1')).toBe('10.2.0.1 is a private address');
    expect(policy.refusal('127.0.0.2', '127.0.0.2')).toBe('127.0.0.2 is a loopback address');
    expect(policy.refusal('metadata.google.internal', '169.254.169.254')).toBe(
      'metadata.google.internal resolves to a cloud metadata address',
    );
  });
});

describe('isValidAllowEntry', () => {
  it.each(['localhost', 'api.example.com', '127.0.0.1', '::1', '[::1]', '10.0.0.0/8', 'fd00::/8'])(
    'accepts %s',
    (entry) => expect(isValidAllowEntry(entry)).toBe(true),
  );
  it.each(['not a host', 'http://x', '10.0.0.0/33', 'example.com/8', '10.0.0.0/8/1', '*.example.com'])(
    'rejects %s',
    (entry) => expect(isValidAllowEntry(entry)).toBe(false),
  );
});
