import type { AppConfig } from "../../config/schema";
import { isIpv4, isIpv6 } from "../../core/ip-addresses";
import { slug } from "../../core/names";

/** One Route 53 HTTPS health check, as plain data. */
export interface UptimeCheck {
  /** Stable construct id: `edge-<host>`, `origin-<host>` or `pool-<origin name>`. Renaming it replaces the check. */
  readonly key: string;
  /** `edge` checks the public hostname through Cloudflare; `origin` checks the server behind it. */
  readonly target: "edge" | "origin";
  /** The public hostname this check stands for. */
  readonly hostname: string;
  /** Host header and SNI name; also what Route 53 resolves when there is no ipAddress. */
  readonly fqdn: string;
  /** Set when the origin is an IP: Route 53 connects there and still sends fqdn as Host/SNI. */
  readonly ipAddress?: string;
  /** Set for a blue/green pool origin: pools may share an address, so this is what tells their checks apart. */
  readonly pool?: PoolOrigin;
  readonly type: "HTTPS";
  readonly port: 443;
  readonly resourcePath: string;
  readonly requestInterval: number;
  readonly failureThreshold: number;
  readonly enableSni: true;
  /** Needed for the TimeToFirstByte metric the latency alarm reads. */
  readonly measureLatency: true;
}

/** The public hostnames: every `edge.hostnames[].name` and the load-balanced `release.hostname`. */
export function publicHostnames(cfg: AppConfig): string[] {
  const names = cfg.edge.hostnames.map((h) => h.name);
  if (cfg.release && !names.includes(cfg.release.hostname)) names.push(cfg.release.hostname);
  return names;
}

export interface PoolOrigin {
  readonly colour: "blue" | "green";
  /** `release.pools.<colour>.origins[].name`, unique across pools. */
  readonly origin: string;
}

interface Origin {
  readonly key: string;
  readonly hostname: string;
  readonly address: string;
  readonly pool?: PoolOrigin;
}

/** What sits behind a public hostname: edge origins, and every blue/green pool origin of the release hostname. */
function originsOf(cfg: AppConfig): Origin[] {
  const out: Origin[] = cfg.edge.hostnames.map((h) => ({ key: `origin-${slug(h.name)}`, hostname: h.name, address: h.origin }));
  const release = cfg.release;
  if (release) {
    for (const colour of ["blue", "green"] as const) {
      for (const o of release.pools[colour].origins)
        out.push({ key: `pool-${slug(o.name)}`, hostname: release.hostname, address: o.address, pool: { colour, origin: o.name } });
    }
  }
  return out;
}

/**
 * An uptime check per public hostname (through the edge) and, unless `monitoring.checkOrigins` is
 * false, per origin (edge origins and blue/green pool origins). IP origins are checked with the public
 * hostname as Host/SNI (what Cloudflare sends); hostname origins by their own name, once each.
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
  const checks: UptimeCheck[] = publicHostnames(cfg).map((name) => ({
    ...base,
    key: edgeCheckKey(name),
    target: "edge",
    hostname: name,
    fqdn: name,
  }));
  if (!mon.checkOrigins) return checks;
  const seenOriginHosts = new Set<string>();
  for (const o of originsOf(cfg)) {
    const isIp = isIpv4(o.address) || isIpv6(o.address);
    if (!isIp) {
      if (seenOriginHosts.has(o.address)) continue;
      seenOriginHosts.add(o.address);
    }
    checks.push({
      ...base,
      key: o.key,
      target: "origin",
      hostname: o.hostname,
      fqdn: isIp ? o.hostname : o.address,
      ...(isIp ? { ipAddress: o.address } : {}),
      ...(o.pool ? { pool: o.pool } : {}),
    });
  }
  return checks;
}

function edgeCheckKey(hostname: string): string {
  return `edge-${slug(hostname)}`;
}

/**
 * The checks whose TimeToFirstByte the latency alarms read: the edge check of `latency.hostname`, or
 * its origin checks (one shared with an earlier hostname behind the same origin hostname). Behind a
 * load balancer that is every pool origin's check, blue and green alike: the alarms stay the same
 * whichever colour serves, so a slow candidate fires its own alarm at any weight (the release watch
 * puts each on its colour by its check's address, lib/features/release/alarm-attribution.ts).
 */
export function latencyChecks(cfg: AppConfig, checks: readonly UptimeCheck[]): UptimeCheck[] {
  const lat = cfg.monitoring?.latency;
  if (!lat) return [];
  if (lat.target === "edge") return checks.filter((c) => c.key === edgeCheckKey(lat.hostname));
  const origins = originsOf(cfg)
    .filter((o) => o.hostname === lat.hostname)
    .map((o) => o.address);
  return checks.filter(
    (c) => c.target === "origin" && (c.hostname === lat.hostname || (c.ipAddress === undefined && origins.includes(c.fqdn))),
  );
}
