import { addressBytes, isIpv4, isIpv6, mappedIpv4Bytes } from "./ip-addresses";

/**
 * What a special-purpose range is for (IANA IPv4 and IPv6 Special-Purpose Address Registries).
 * `documentation` (RFC 5737, RFC 3849, RFC 9637) and `discard` (RFC 6666) are placeholders: examples
 * use the first, Cloudflare's originless (Workers-only) records the second; callers decide about them.
 * `transition` (6to4, Teredo, ORCHID, the retired 6bone) is routable in principle but listed as special
 * use by RFC 5735 / RFC 5156, the lists Route 53 names for addresses it cannot health-check.
 */
export type RangeKind =
  | "unspecified"
  | "loopback"
  | "private"
  | "shared"
  | "link-local"
  | "multicast"
  | "reserved"
  | "documentation"
  | "discard"
  | "transition";

/** The special-purpose range an address lies in. */
export interface SpecialRange {
  readonly cidr: string;
  readonly kind: RangeKind;
  /** Where the range is defined, such as RFC 1918. */
  readonly source: string;
  /** The address is IPv4-mapped IPv6 (`::ffff:10.0.0.1`): the range is its IPv4 address's. */
  readonly mapped?: true;
}

/** Most specific first: the first range that holds an address is its range. */
const RANGES: readonly Omit<SpecialRange, "mapped">[] = [
  { cidr: "0.0.0.0/8", kind: "unspecified", source: "RFC 1122" },
  { cidr: "10.0.0.0/8", kind: "private", source: "RFC 1918" },
  { cidr: "100.64.0.0/10", kind: "shared", source: "RFC 6598, carrier-grade NAT" },
  { cidr: "127.0.0.0/8", kind: "loopback", source: "RFC 1122" },
  { cidr: "169.254.0.0/16", kind: "link-local", source: "RFC 3927" },
  { cidr: "172.16.0.0/12", kind: "private", source: "RFC 1918" },
  { cidr: "192.0.0.0/24", kind: "reserved", source: "RFC 6890, IETF protocol assignments" },
  { cidr: "192.0.2.0/24", kind: "documentation", source: "RFC 5737" },
  { cidr: "192.88.99.0/24", kind: "transition", source: "RFC 7526, deprecated 6to4 relay anycast" },
  { cidr: "192.168.0.0/16", kind: "private", source: "RFC 1918" },
  { cidr: "198.18.0.0/15", kind: "reserved", source: "RFC 2544, benchmarking" },
  { cidr: "198.51.100.0/24", kind: "documentation", source: "RFC 5737" },
  { cidr: "203.0.113.0/24", kind: "documentation", source: "RFC 5737" },
  { cidr: "224.0.0.0/4", kind: "multicast", source: "RFC 5771" },
  { cidr: "240.0.0.0/4", kind: "reserved", source: "RFC 1112, with 255.255.255.255 broadcast" },
  { cidr: "::/128", kind: "unspecified", source: "RFC 4291" },
  { cidr: "::1/128", kind: "loopback", source: "RFC 4291" },
  { cidr: "::/96", kind: "reserved", source: "RFC 4291, deprecated IPv4-compatible" },
  { cidr: "64:ff9b:1::/48", kind: "private", source: "RFC 8215, local-use NAT64" },
  { cidr: "100::/64", kind: "discard", source: "RFC 6666" },
  { cidr: "2001::/32", kind: "transition", source: "RFC 4380, Teredo" },
  { cidr: "2001:10::/28", kind: "transition", source: "RFC 4843, deprecated ORCHID" },
  { cidr: "2001:db8::/32", kind: "documentation", source: "RFC 3849" },
  { cidr: "2002::/16", kind: "transition", source: "RFC 3056, 6to4" },
  { cidr: "3ffe::/16", kind: "transition", source: "RFC 5156, retired 6bone" },
  { cidr: "3fff::/20", kind: "documentation", source: "RFC 9637" },
  { cidr: "5f00::/8", kind: "transition", source: "RFC 5156, retired 6bone" },
  { cidr: "fc00::/7", kind: "private", source: "RFC 4193, unique local" },
  { cidr: "fe80::/10", kind: "link-local", source: "RFC 4291" },
  { cidr: "fec0::/10", kind: "reserved", source: "RFC 3879, deprecated site-local" },
  { cidr: "ff00::/8", kind: "multicast", source: "RFC 4291" },
];

function inRange(bytes: readonly number[], cidr: string): boolean {
  const [network = "", prefixText = "0"] = cidr.split("/");
  const net = addressBytes(network);
  if (net.length !== bytes.length) return false;
  const prefix = Number(prefixText);
  return net.every((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    const mask = (0xff << (8 - keep)) & 0xff;
    return ((bytes[i] ?? 0) & mask) === b;
  });
}

/**
 * The special-purpose range `address` lies in, or undefined for a public address and for text that is
 * not an IP address. An IPv4-mapped IPv6 address is judged by its IPv4 address.
 */
export function specialRange(address: string): SpecialRange | undefined {
  if (!isIpv4(address) && !isIpv6(address)) return undefined;
  const bytes = addressBytes(address);
  const v4 = mappedIpv4Bytes(bytes);
  const match = RANGES.find((r) => inRange(v4 ?? bytes, r.cidr));
  if (match === undefined) return undefined;
  return v4 ? { ...match, mapped: true } : match;
}

const ARTICLE: Readonly<Record<RangeKind, string>> = {
  unspecified: "an unspecified",
  loopback: "a loopback",
  private: "a private",
  shared: "a shared (CGNAT)",
  "link-local": "a link-local",
  multicast: "a multicast",
  reserved: "a reserved",
  documentation: "a documentation",
  discard: "a discard-only",
  transition: "a transition-mechanism",
};

/** `a private address (10.0.0.0/8, RFC 1918)`; `an IPv4-mapped loopback address (...)`. */
export function describeRange(r: SpecialRange): string {
  const what = ARTICLE[r.kind];
  const article = r.mapped ? `an IPv4-mapped ${what.replace(/^an? /, "")}` : what;
  return `${article} address (${r.cidr}, ${r.source})`;
}
