import type { AppConfig } from "../../../config/schema";
import { shownValue } from "../../../core/shown-input";
import { isIpv4, isIpv6, mappedIpv4 } from "../../../core/ip-addresses";
import type { ConfigIssue } from "../../../core/issues";
import { isInZone, isWellFormedWildcard, isWildcard } from "../../../core/names";
import { punycodeProblem } from "../../../core/dns-names";

/** A CNAME target: a lower-case DNS name (underscores allowed, as some platforms' hostnames have them). */
const ORIGIN_HOST_RE = /^([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9])?\.)+([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/**
 * Why `origin` is neither an IP address nor a lower-case hostname, or is an IPv4-mapped one, or undefined
 * when it is usable: the one origin check of every path (edge hostnames, release pools, init --origin).
 */
export function originFormatProblem(origin: string): string | undefined {
  const looksLikeIp = /^[0-9.]+$/.test(origin) || (origin.includes(":") && /^[0-9a-fA-F:.]+$/.test(origin));
  // Quoted through shownValue: a value pasted in the wrong field may be a secret (`DB_PASSWORD=...`).
  if (!looksLikeIp) return hostnameProblem(origin);
  if (!isIpv4(origin) && !isIpv6(origin)) return `${shownValue(origin)} is not a valid IPv4/IPv6 address`;
  return mappedOriginProblem(origin);
}

/**
 * Why an origin may not be an IPv4-mapped IPv6 address (mappedIpv4): a hostname's becomes an AAAA record,
 * whose mapped forms differ (::ffff:192.0.2.1, ::ffff:c000:201) from what Cloudflare may store, and
 * the range checks (unproxiableRange) would judge the embedded IPv4 address under an IPv6 name.
 */
export function mappedOriginProblem(origin: string): string | undefined {
  const v4 = mappedIpv4(origin);
  return v4 === undefined
    ? undefined
    : `${origin} is an IPv4-mapped IPv6 address; allowed: the IPv4 address itself (${v4}) or a native IPv6 address`;
}

/** Why a hostname origin is not a lower-case hostname golive can point a CNAME at. */
function hostnameProblem(origin: string): string | undefined {
  // Becomes CNAME content: a URL or an upper-case name would only fail at apply time.
  if (!ORIGIN_HOST_RE.test(origin))
    return `got ${shownValue(origin)}; allowed: an IPv4/IPv6 address or a lower-case hostname such as origin.example.net (no scheme, port or path)`;
  const punycode = punycodeProblem(origin);
  return punycode === undefined ? undefined : `got ${shownValue(origin)}: ${punycode}`;
}

/** Every name lies in the zone; wildcards only as a whole left-most label and never for app hostnames. */
export function validateHostnames(cfg: AppConfig): ConfigIssue[] {
  const zone = cfg.cloudflare.zone.name;
  const issues: ConfigIssue[] = [];
  const inZone = (name: string, path: (string | number)[]) => {
    if (!isInZone(name.replace(/^\*\./, ""), zone)) {
      issues.push({ path, message: `"${name}" is outside the zone ${zone}; allowed: ${zone} or a name ending in .${zone}` });
      return false;
    }
    return true;
  };
  const seen = new Map<string, number>();
  cfg.edge.hostnames.forEach((h, i) => {
    const path = ["edge", "hostnames", i, "name"];
    if (!inZone(h.name, path)) return;
    if (isWildcard(h.name)) {
      issues.push({
        path,
        message: `"${h.name}" is a wildcard; app hostnames must be listed one by one so each gets its own Access application`,
      });
    }
    const first = seen.get(h.name);
    if (first !== undefined) issues.push({ path, message: `"${h.name}" is listed twice (also edge.hostnames[${first}].name)` });
    else seen.set(h.name, i);
    if (h.origin === h.name)
      issues.push({
        path: ["edge", "hostnames", i, "origin"],
        message: `origin "${h.origin}" is the hostname itself; give the origin server's address or hostname`,
      });
    const originProblem = originFormatProblem(h.origin);
    if (originProblem !== undefined) issues.push({ path: ["edge", "hostnames", i, "origin"], message: originProblem });
  });
  cfg.edge.dns.forEach((r, i) => {
    const path = ["edge", "dns", i, "name"];
    if (!inZone(r.name, path)) return;
    if (!isWellFormedWildcard(r.name, zone)) {
      issues.push({ path, message: `"${r.name}": a wildcard must be the whole left-most label, as in *.dev.${zone}` });
    } else if (isWildcard(r.name) && r.proxied) {
      issues.push({
        path: ["edge", "dns", i, "proxied"],
        message: `a proxied wildcard ("${r.name}") would serve every name without its own Access application; list the hostnames instead`,
      });
    }
  });
  return issues;
}
