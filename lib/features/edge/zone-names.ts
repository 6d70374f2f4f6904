import type { AppConfig } from "../../config/schema";
import type { ZoneName } from "../../platform/feature";
import { desiredRedirects } from "./redirects";

const REDIRECT = "a redirect rule and its DNS record";

/**
 * The names the edge stack declares in its zone, with the field that puts each there: the CAA records
 * at the apex, each hostname's DNS record (and Access application unless it is public, access.ts),
 * each DNS record (dns-records.ts names both as written), and every redirect source with its
 * redirect-only record (redirects.ts), the configured ones first, then the canonical-host one.
 */
export function edgeZoneNames(cfg: AppConfig): ZoneName[] {
  const redirects = desiredRedirects(cfg);
  const fromConfig = redirects.filter((r) => r.source[1] === "redirects");
  const canonical = redirects.filter((r) => r.source[1] === "canonicalHost");
  return [
    { name: cfg.cloudflare.zone.name, path: ["cloudflare", "zone", "name"], becomes: "the CAA records" },
    ...cfg.edge.hostnames.map((h, i) => ({
      name: h.name,
      path: ["edge", "hostnames", i, "name"],
      becomes: h.public === undefined ? "a DNS record and an Access application" : "a DNS record",
    })),
    ...cfg.edge.dns.map((r, i) => ({ name: r.name, path: ["edge", "dns", i, "name"], becomes: "a DNS record" })),
    ...fromConfig.map((r) => ({ name: r.fromHost, path: [...r.source, "from"], becomes: REDIRECT })),
    ...canonical.map((r) => ({ name: r.fromHost, path: r.source, becomes: REDIRECT })),
  ];
}
