import { canonicalIpv6 } from "./ip-addresses";

/**
 * An origin address or name as compared (a DNS record's content, a pool origin's address, a health
 * check's ip_address): trimmed, lower case, no final dot, an IPv6 address in its RFC 5952 form, so
 * `2001:DB8::0A` and `2001:db8::a`, or `Origin.example.net.` and `origin.example.net`, are one origin.
 */
export function originKey(address: string): string {
  return canonicalIpv6(address.trim().toLowerCase().replace(/\.$/, ""));
}

/** The origins (originKey) both lists name, in the order of the first, once each. */
export function sharedOrigins(a: readonly string[], b: readonly string[]): string[] {
  const theirs = new Set(b.map(originKey));
  return [...new Set(a.map(originKey))].filter((k) => theirs.has(k));
}
