import { addressBlockOf } from './address-block';

describe('addressBlockOf', () => {
  it('keeps an IPv4 address, also when written IPv4-mapped', () => {
    expect(addressBlockOf('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlockOf('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlockOf('::FFFF:10.0.0.1')).toBe('10.0.0.1');
  });

  it('counts every address of one IPv6 /64 as the same block, however it is written', () => {
    const block = '2001:db8:aa:bb::/64';
    expect(addressBlockOf('2001:db8:aa:bb::1')).toBe(block);
    expect(addressBlockOf('2001:0DB8:00aa:00bb:ffff:1:2:3')).toBe(block);
    expect(addressBlockOf('2001:db8:aa:bb:0:0:0:9')).toBe(block);
    expect(addressBlockOf('2001:db8:aa:bb::1.2.3.4')).toBe(block);
    expect(addressBlockOf('2001:db8:aa:bb::1%eth0')).toBe(block);
  });

  it('tells neighbouring /64s and the short forms apart', () => {
    expect(addressBlockOf('2001:db8:aa:bc::1')).toBe('2001:db8:aa:bc::/64');
    expect(addressBlockOf('::1')).toBe('0:0:0:0::/64');
    expect(addressBlockOf('2001:db8::')).toBe('2001:db8:0:0::/64');
    expect(addressBlockOf('fe80::1:2:3:4')).toBe('fe80:0:0:0::/64');
  });

  it('keeps what is not an IP address as it is', () => {
    expect(addressBlockOf('unix:/tmp/socket')).toBe('unix:/tmp/socket');
    expect(addressBlockOf('')).toBe('');
  });
});
