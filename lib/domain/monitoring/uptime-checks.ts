import type { AppConfig } from "../../../config/schema";
import { isIpv4, isIpv6 } from "../../../config/schema/common";
import { slug } from "../names";

/** One Route 53 HTTPS health check, as plain data. */
export interface UptimeCheck {
  /** Stable construct id: `edge-<host>` or `origin-<host>`. Renaming it replaces the check. */
  readonly key: string;
  /** `edge` checks the public hostname through Cloudflare; `origin` checks the server behind it. */
  readonly target: "edge" | "origin";
  /** The public hostname this check stands for. */
  readonly hostname: string;
  /** Host header and SNI name; also what Route 53 resolves when there is no ipAddress. */
  readonly fqdn: string;
  /** Set when the origin is an IP: Route 53 connects there and still sends fqdn as Host/SNI. */
  readonly ipAddress?: string;
  readonly type: "HTTPS";
  readonly port: 443;
  readonly resourcePath: string;
  readonly requestInterval: number;
  readonly failureThreshold: number;
  readonly enableSni: true;
  /** Needed for the TimeToFirstByte metric the latency alarm reads. */
  readonly measureLatency: true;
}

/**
 * An uptime check per public hostname (through the edge) and, unless `monitoring.checkOrigins` is
 * false, per origin. IP origins are checked with the app hostname as Host/SNI (what Cloudflare sends);
 * hostname origins by their own name. Two hostnames behind the same origin hostname share one check.
 */
export function desiredUptimeChecks(cfg: AppConfig): UptimeCheck[] {
  const mon = cfg.monitoring;
  if (!mon) return [];
  const base = {
    type: "HTTPS",
    port: 443,
    resourcePath: mon.healthPath,
    requestInterval: mon.requestInterval,
    failureThreshold: mon.failureThreshold,
    enableSni: true,
    measureLatency: true,
  } as const;
  const checks: UptimeCheck[] = cfg.edge.hostnames.map((h) => ({ ...base, key: edgeCheckKey(h.name), target: "edge", hostname: h.name, fqdn: h.name }));
  if (!mon.checkOrigins) return checks;
  const seenOriginHosts = new Set<string>();
  for (const h of cfg.edge.hostnames) {
    const isIp = isIpv4(h.origin) || isIpv6(h.origin);
    if (!isIp) {
      if (seenOriginHosts.has(h.origin)) continue;
      seenOriginHosts.add(h.origin);
    }
    checks.push({
      ...base,
      key: `origin-${slug(h.name)}`,
      target: "origin",
      hostname: h.name,
      fqdn: isIp ? h.name : h.origin,
      ...(isIp ? { ipAddress: h.origin } : {}),
    });
  }
  return checks;
}

/** The edge check of a hostname (the latency alarm reads its TimeToFirstByte). */
export function edgeCheckKey(hostname: string): string {
  return `edge-${slug(hostname)}`;
}
