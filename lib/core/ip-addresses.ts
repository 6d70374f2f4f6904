import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";

/** IP addresses and CIDR ranges: which they are, their bytes, and the Cidr field. */

/** Shape only (editors show it); the real check parses the address and prefix (cidrProblem). */
const CIDR_RE = /^[0-9a-fA-F:.]+\/\d{1,3}$/;

export const Cidr = z
  .string()
  .max(64, { message: "must be a CIDR range such as 198.51.100.0/24 or 2001:db8::/32", abort: true })
  .regex(CIDR_RE, { message: "must be a CIDR range such as 198.51.100.0/24 or 2001:db8::/32", abort: true })
  .superRefine((value, ctx) => {
    const problem = cidrProblem(value);
    if (problem)
      ctx.addIssue({ code: "custom", message: `${problem}; allowed: a CIDR range such as 198.51.100.0/24 or 2001:db8::/32`, input: value });
  });

export function isIpv4(value: string): boolean {
  return isIPv4(value);
}

/** Node's parser; a zone id (`fe80::1%eth0`) means nothing outside one host and is refused. */
export function isIpv6(value: string): boolean {
  return !value.includes("%") && isIPv6(value);
}

/** The 4 or 16 bytes of a valid address (check with isIpv4/isIpv6 first). */
export function addressBytes(address: string): number[] {
  if (isIpv4(address)) return address.split(".").map(Number);
  let text = address;
  let v4: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted) {
    v4 = dotted.split(".").map(Number);
    text = `${text.slice(0, -dotted.length)}0:0`;
  }
  const [head = "", tail] = text.split("::");
  const groups = (s: string) => (s === "" ? [] : s.split(":").map((g) => Number.parseInt(g, 16)));
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  const all = [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
  const bytes = all.flatMap((g) => [g >> 8, g & 0xff]);
  if (v4.length === 4) bytes.splice(12, 4, ...v4);
  return bytes;
}

/**
 * 16 bytes in RFC 5952 section 4 form: lower-case hex without leading zeros, the longest run of two or
 * more zero groups (the first of equal runs) as `::`, the last 32 bits in hex even for an IPv4-mapped
 * address, as the WHATWG URL parser writes it (`new URL("http://[::ffff:192.0.2.1]/").hostname`).
 */
function formatIpv6(bytes: readonly number[]): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((bytes[2 * i] ?? 0) << 8) | (bytes[2 * i + 1] ?? 0));
  let run = { start: 0, length: 1 };
  for (let start = 0; start < 8; start++) {
    let end = start;
    while (groups[end] === 0) end++;
    if (end - start > run.length) run = { start, length: end - start };
  }
  const hex = (part: readonly number[]) => part.map((g) => g.toString(16)).join(":");
  if (run.length < 2) return hex(groups);
  return `${hex(groups.slice(0, run.start))}::${hex(groups.slice(run.start + run.length))}`;
}

function formatNetwork(bytes: readonly number[]): string {
  return bytes.length === 4 ? bytes.join(".") : formatIpv6(bytes);
}

/**
 * The IPv4 address an IPv4-mapped IPv6 address (::ffff:0:0/96, RFC 4291 section 2.5.5.2) stands for,
 * else undefined. Such an address only represents an IPv4 node inside one host's socket API; in DNS and
 * on the wire it is the IPv4 address (an A record, an IPv4 origin), and its text forms differ
 * (::ffff:192.0.2.1, ::ffff:c000:201), so what an API stores would not be what was declared.
 */
export function mappedIpv4(address: string): string | undefined {
  return isIpv6(address) ? mappedIpv4Bytes(addressBytes(address))?.join(".") : undefined;
}

/** The same for an address's bytes (addressBytes): the 4 bytes of the IPv4 address a mapped one carries. */
export function mappedIpv4Bytes(bytes: readonly number[]): number[] | undefined {
  const mapped = bytes.length === 16 && bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : undefined;
}

/**
 * An IPv6 address in its RFC 5952 form (`2001:DB8:0:0::0A` -> `2001:db8::a`), the form Cloudflare stores
 * and reads back: an AAAA record's content or a pool origin written any other way plans an update on
 * every run (the provider compares content exactly; terraform-provider-cloudflare#3354). Anything else
 * (a hostname, an IPv4 address, an invalid address the validators report) is returned as it is.
 */
export function canonicalIpv6(address: string): string {
  return isIpv6(address) ? formatIpv6(addressBytes(address)) : address;
}

/**
 * The family and prefix length of `address/prefix` (a bare address is a /32 or /128), host bits or
 * not; undefined when the address or the length is not valid.
 */
export function cidrPrefix(value: string): { readonly v4: boolean; readonly prefix: number } | undefined {
  const [address = "", length, extra] = value.split("/");
  const v4 = isIpv4(address);
  if (extra !== undefined || (!v4 && !isIpv6(address))) return undefined;
  const bits = v4 ? 32 : 128;
  if (length === undefined) return { v4, prefix: bits };
  const prefix = /^(0|[1-9]\d{0,2})$/.test(length) ? Number(length) : Number.NaN;
  return prefix <= bits ? { v4, prefix } : undefined;
}

/** Why `value` is not a CIDR range (address/prefix, no host bits set), or undefined when it is one. */
export function cidrProblem(value: string): string | undefined {
  const slash = value.indexOf("/");
  const address = slash === -1 ? value : value.slice(0, slash);
  const prefixText = slash === -1 ? "" : value.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefixText)) return `"${value}" has no prefix length such as /24`;
  const v4 = isIpv4(address);
  if (!v4 && !isIpv6(address)) return `"${address}" is not a valid IPv4 or IPv6 address`;
  const bits = v4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (prefix > bits) return `/${prefix} is longer than the ${bits} bits of an ${v4 ? "IPv4" : "IPv6"} address`;
  const bytes = addressBytes(address);
  const network = bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    return b & ((0xff << (8 - keep)) & 0xff);
  });
  if (network.some((b, i) => b !== bytes[i])) return `"${value}" has host bits set; the range is ${formatNetwork(network)}/${prefix}`;
  return undefined;
}
