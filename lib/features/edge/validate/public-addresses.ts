import type { AppConfig } from "../../../config/schema";
import { describeRange, type RangeKind, type SpecialRange, specialRange } from "../../../core/ip-ranges";
import { mappedIpv4 } from "../../../core/ip-addresses";
import type { ConfigIssue } from "../../../core/issues";

/**
 * Special ranges a proxied record may still point at: the documentation ranges the examples use as
 * placeholder origins (192.0.2.0/24 ...), and 100::/64, the "originless" AAAA record Cloudflare
 * documents for a hostname served by a Worker alone
 * (developers.cloudflare.com/cloudflare-for-platforms/cloudflare-for-saas/domain-support/worker-as-origin/).
 * Also the transition ranges (6to4, Teredo): publicly routed, and not known to be refused by Cloudflare;
 * Route 53 cannot health-check them, which monitoring's validation reports.
 */
const PROXY_PLACEHOLDERS: readonly RangeKind[] = ["documentation", "discard", "transition"];

/** The range of an IP address Cloudflare will not proxy to, or undefined (public, a placeholder, or not an IP). */
export function unproxiableRange(address: string): SpecialRange | undefined {
  // An IPv4-mapped address is refused as such, once (originFormatProblem, the AAAA content check).
  if (mappedIpv4(address) !== undefined) return undefined;
  const range = specialRange(address);
  return range && !PROXY_PLACEHOLDERS.includes(range.kind) ? range : undefined;
}

/**
 * Why a proxied hostname cannot have `origin`, or undefined. Cloudflare refuses a proxied A/AAAA record
 * to a loopback, private or other non-public address with error 9003 ("Target ... is not allowed for a
 * proxied record"), at apply time.
 */
export function proxiedOriginProblem(origin: string): string | undefined {
  const range = unproxiableRange(origin);
  return range === undefined
    ? undefined
    : `got "${origin}", ${describeRange(range)}, which Cloudflare does not proxy to (error 9003); allowed: a public IP address or a hostname`;
}

/**
 * Proxied hostnames' origins and proxied A/AAAA records must be public addresses. DNS-only records
 * (`proxied: false`) may hold private addresses: a split-horizon or VPN name is a deliberate choice, and
 * Cloudflare serves it as written.
 */
export function validatePublicAddresses(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  cfg.edge.hostnames.forEach((h, i) => {
    const problem = h.proxied ? proxiedOriginProblem(h.origin) : undefined;
    if (problem !== undefined) issues.push({ path: ["edge", "hostnames", i, "origin"], message: problem });
  });
  cfg.edge.dns.forEach((r, i) => {
    const range = r.proxied && (r.type === "A" || r.type === "AAAA") ? unproxiableRange(r.content) : undefined;
    if (range !== undefined)
      issues.push({
        path: ["edge", "dns", i, "content"],
        message: `got "${r.content}", ${describeRange(range)}, which Cloudflare does not proxy to (error 9003); allowed: a public address, or proxied: false for a DNS-only (split-horizon) record`,
      });
  });
  return issues;
}
