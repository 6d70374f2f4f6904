import type { AppConfig } from "../../../config/schema";
import { formatPath, type ConfigIssue } from "../../../core/issues";

/** The types Cloudflare resolves to an address, and so the only ones it proxies. */
const ADDRESS_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

/**
 * `edge.dns` address records that Cloudflare would proxy beside a name golive serves, or mix with one
 * (developers.cloudflare.com/dns/proxy-status/, "Mix proxied and unproxied": "If you have multiple A or
 * AAAA records on the same name and at least one of them is proxied, Cloudflare will treat all A or AAAA
 * records on this name as being proxied"):
 * - at an `edge.hostnames[].name`: a second address there is a second origin of the app hostname, one
 *   golive's origin checks, lockdown and Access never looked at (a DNS-only one is proxied with it);
 * - A/AAAA records of `edge.dns` at one name that are proxied and DNS-only at once: the DNS-only ones are
 *   proxied all the same, so `proxied: false` would say what Cloudflare does not do.
 * `release.hostname` is release/validate.ts's (no record at all there). A record refused here may also be
 * a duplicate or a CNAME clash (validateRecordSet): each rule names its own field.
 */
export function validateProxiedNames(cfg: AppConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const atHostname = new Set<number>();
  const hostnames = new Map(cfg.edge.hostnames.map((h, j) => [h.name, j]));
  cfg.edge.dns.forEach((r, i) => {
    const j = hostnames.get(r.name);
    if (j === undefined || !ADDRESS_TYPES.includes(r.type)) return;
    atHostname.add(i);
    issues.push({
      path: ["edge", "dns", i, "name"],
      message: `"${r.name}" is the app hostname ${formatPath(["edge", "hostnames", j, "name"])}, whose address golive declares from its origin; ${r.type === "CNAME" ? "a" : "an"} ${r.type} record beside it would be a second origin, proxied with it past golive's origin checks; allowed: another name, or a record other than A, AAAA and CNAME (change the origin at ${formatPath(["edge", "hostnames", j, "origin"])})`,
    });
  });
  const proxiedNames = new Set(cfg.edge.dns.filter((r) => r.proxied && (r.type === "A" || r.type === "AAAA")).map((r) => r.name));
  cfg.edge.dns.forEach((r, i) => {
    if (atHostname.has(i) || r.proxied || (r.type !== "A" && r.type !== "AAAA") || !proxiedNames.has(r.name)) return;
    issues.push({
      path: ["edge", "dns", i, "proxied"],
      message: `another A/AAAA record at ${r.name} is proxied, and Cloudflare then proxies every A/AAAA record of the name; allowed: true (or another name for a DNS-only address)`,
    });
  });
  return issues;
}
