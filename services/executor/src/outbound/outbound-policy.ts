import { BlockList, isIP } from 'node:net';

/** Why an address is off limits to http targets. */
export type AddressKind =
  | 'cloud metadata'
  | 'loopback'
  | 'private'
  | 'link-local'
  | 'unspecified'
  | 'shared (carrier-grade NAT)'
  | 'NAT64'
  | '6to4'
  | 'special-purpose'
  | 'benchmarking'
  | 'multicast'
  | 'reserved';

// Checked in this order, so that 169.254.169.254 says "cloud metadata" rather than "link-local".
// IPv4-mapped IPv6 addresses (::ffff:10.0.0.1) match the IPv4 rules: BlockList maps them. NAT64 and
// 6to4 addresses carry an IPv4 address inside, which a translator or relay would reach for us (a
// private one as well as any), so they are refused whole.
const RANGES: Array<[AddressKind, string[]]> = [
  // AWS, GCP and Azure (169.254.169.254), ECS task metadata, Alibaba, the AWS IPv6 endpoint, Azure's wireserver.
  [
    'cloud metadata',
    ['169.254.169.254/32', '169.254.170.2/32', '100.100.100.200/32', 'fd00:ec2::254/128', '168.63.129.16/32'],
  ],
  ['loopback', ['127.0.0.0/8', '::1/128']],
  ['private', ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7', 'fec0::/10']],
  ['link-local', ['169.254.0.0/16', 'fe80::/10']],
  ['unspecified', ['0.0.0.0/8', '::/128']],
  ['shared (carrier-grade NAT)', ['100.64.0.0/10']],
  ['NAT64', ['64:ff9b::/96', '64:ff9b:1::/48']],
  ['6to4', ['2002::/16']],
  ['special-purpose', ['192.0.0.0/24']],
  ['benchmarking', ['198.18.0.0/15']],
  ['multicast', ['224.0.0.0/4', 'ff00::/8']],
  ['reserved', ['240.0.0.0/4']],
];

const CLASSIFIERS = RANGES.map(([kind, subnets]) => ({ kind, list: blockListOf(subnets) }));

/** The kind of non-public address `address` is, or undefined for a public one. */
export function classifyAddress(address: string): AddressKind | undefined {
  const family = familyOf(address);
  if (!family) return 'reserved';
  return CLASSIFIERS.find(({ list }) => list.check(address, family))?.kind;
}

/**
 * Decides which addresses http targets may reach: public ones always; loopback, private,
 * link-local, metadata, NAT64, 6to4 and other special addresses only when the host name or the address is on the
 * allow list (entries: host names, addresses, or subnets such as 10.1.0.0/16).
 */
export class OutboundPolicy {
  private readonly allowedNames = new Set<string>();
  private readonly allowedAddresses = new BlockList();

  constructor(allowHosts: string[]) {
    for (const entry of allowHosts.map(normalizeHost)) {
      const [address, prefix] = entry.split('/');
      const family = familyOf(address);
      if (family && prefix !== undefined) this.allowedAddresses.addSubnet(address, Number(prefix), family);
      else if (family) this.allowedAddresses.addAddress(address, family);
      else this.allowedNames.add(entry);
    }
  }

  /**
   * Why `address`, which `host` resolved to, may not be reached; undefined when it may. It names the
   * address only when the host is that address: what a name resolves to inside the network is not
   * the job owner's to learn.
   */
  refusal(host: string, address: string): string | undefined {
    const kind = classifyAddress(address);
    if (!kind || this.allows(host, address)) return undefined;
    const what = `${/^[aeiou]/.test(kind) ? 'an' : 'a'} ${kind} address`;
    return familyOf(normalizeHost(host)) ? `${address} is ${what}` : `${host} resolves to ${what}`;
  }

  private allows(host: string, address: string): boolean {
    const family = familyOf(address);
    return (
      this.allowedNames.has(normalizeHost(host)) ||
      (family !== undefined && this.allowedAddresses.check(address, family))
    );
  }
}

/** Whether `entry` is something the allow list understands: a host name, an address, or address/prefix. */
export function isValidAllowEntry(entry: string): boolean {
  const [address, prefix, ...rest] = normalizeHost(entry).split('/');
  const family = familyOf(address);
  if (prefix === undefined) return family !== undefined || /^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(address);
  return (
    rest.length === 0 &&
    family !== undefined &&
    /^\d+$/.test(prefix) &&
    Number(prefix) <= (family === 'ipv4' ? 32 : 128)
  );
}

function blockListOf(subnets: string[]): BlockList {
  const list = new BlockList();
  for (const subnet of subnets) {
    const [address, prefix] = subnet.split('/');
    list.addSubnet(address, Number(prefix), familyOf(address) ?? 'ipv4');
  }
  return list;
}

function familyOf(address: string): 'ipv4' | 'ipv6' | undefined {
  const version = isIP(address);
  return version === 4 ? 'ipv4' : version === 6 ? 'ipv6' : undefined;
}

// Host names compare case-insensitively and without a trailing dot; IPv6 literals without brackets.
function normalizeHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
}
