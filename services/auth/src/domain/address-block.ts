import { isIPv4, isIPv6 } from 'node:net';

/**
 * The block a client address is counted under by the login and registration limits: an IPv4 address
 * itself, an IPv6 address its /64 (one subscriber is usually given a whole /64 and can use any address
 * in it, so counting single IPv6 addresses would not limit anyone). IPv4-mapped IPv6 counts as IPv4;
 * anything that is not an IP address (a Unix socket's peer, say) is kept as it is.
 */
export function addressBlockOf(address: string): string {
  const bare = address.replace(/%.*$/, ''); // a zone id (fe80::1%eth0) names an interface, not a host
  const mapped = /^::ffff:([\d.]+)$/i.exec(bare);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (!isIPv6(bare)) return address;
  const prefix = ipv6Groups(bare)
    .slice(0, 4)
    .map((group) => group.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** The eight 16-bit groups of a valid IPv6 address, `::` expanded and an IPv4 tail as two groups. */
function ipv6Groups(address: string): number[] {
  const v4Tail = /([\d.]+)$/.exec(address);
  let text = address.toLowerCase();
  if (v4Tail && isIPv4(v4Tail[1])) {
    const [a, b, c, d] = v4Tail[1].split('.').map(Number);
    text = `${text.slice(0, -v4Tail[1].length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const [head, tail] = text.split('::');
  if (tail === undefined) return parse(head);
  const left = parse(head);
  const right = parse(tail);
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}
