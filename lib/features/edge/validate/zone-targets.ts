import type { AppConfig } from "../../../config/schema";
import { isIpv4, isIpv6 } from "../../../core/ip-addresses";
import type { ConfigIssue } from "../../../core/issues";
import { isInZone } from "../../../core/names";
import { originFormatProblem } from "./hostnames";

/** Record types a name must have for a CNAME to it, or a connection to it, to reach an address. */
const ADDRESS_TYPES: readonly string[] = ["A", "AAAA", "CNAME"];

/** True when `pattern` (a record name, `*.<name>` a wildcard) answers for `name`, as DNS wildcards do. */
function answersFor(pattern: string, name: string): boolean {
  return pattern === name || (pattern.startsWith("*.") && name.endsWith(pattern.slice(1)));
}

/**
 * Why `target` (an origin or CNAME target, `what`) cannot be reached, or undefined: it is inside `zone`,
 * which the edge stack owns whole, and none of the `declared` record names (`*.<name>` wildcards
 * included) answers for it, so it never resolves. IP addresses and names outside the zone pass; a
 * malformed name is the format rules' to report. init asks it of an --origin too.
 */
export function zoneTargetProblem(target: string, zone: string, declared: readonly string[], what: string): string | undefined {
  const name = target.replace(/\.$/, "");
  if (isIpv4(name) || isIpv6(name) || originFormatProblem(name) !== undefined || !isInZone(name, zone)) return undefined;
  if (declared.some((pattern) => answersFor(pattern, name))) return undefined;
  return `${what} "${name}" is inside the zone ${zone}, which this environment's edge stack owns, but no record in edge.dns or edge.hostnames has that name, so it never resolves and Cloudflare cannot reach it; allowed: an A, AAAA or CNAME record for ${name} in edge.dns, an IP address, or a hostname outside the zone`;
}

/**
 * Names that point into the zone must have a record there: an origin `origin-a.<zone>` (a hostname's, or
 * a release pool's) or a CNAME target with no record of its own never resolves, and Cloudflare (its
 * proxy, the load balancer) cannot reach the origin at all. Counted: A, AAAA and CNAME records of
 * `edge.dns` and `edge.hostnames` (a DNS-only wildcard of `edge.dns` too) and the load-balanced
 * hostname; a redirect-only name's stand-in (100::) reaches nothing and is not one of them.
 */
export function validateZoneTargets(cfg: AppConfig): ConfigIssue[] {
  const zone = cfg.cloudflare.zone.name;
  const declared = [
    ...cfg.edge.hostnames.map((h) => h.name),
    ...cfg.edge.dns.filter((r) => ADDRESS_TYPES.includes(r.type)).map((r) => r.name),
    // The load balancer answers for its hostname (release validates what may point at it).
    ...(cfg.release ? [cfg.release.hostname] : []),
  ];
  const issues: ConfigIssue[] = [];
  const check = (target: string, path: readonly (string | number)[], what: string) => {
    const message = zoneTargetProblem(target, zone, declared, what);
    if (message !== undefined) issues.push({ path, message });
  };
  cfg.edge.hostnames.forEach((h, i) => {
    check(h.origin, ["edge", "hostnames", i, "origin"], "origin");
  });
  cfg.edge.dns.forEach((r, i) => {
    if (r.type === "CNAME") check(r.content, ["edge", "dns", i, "content"], "CNAME target");
  });
  // The load balancer's pools are release's; their addresses reach the zone the edge stack owns.
  for (const colour of ["blue", "green"] as const)
    cfg.release?.pools[colour].origins.forEach((o, j) => {
      check(o.address, ["release", "pools", colour, "origins", j, "address"], "pool origin");
    });
  return issues;
}
