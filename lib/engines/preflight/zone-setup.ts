import type { AppConfig } from "../../config/schema";
import { stackName } from "../../core/names";
import type { Finding } from "./assess";
import type { ObservedZone } from "./observed";

/** Why each zone type other than full cannot carry golive's records (the API's `type`). */
const NOT_SERVED: Readonly<Record<string, string>> = {
  partial: "another DNS provider answers for the domain (a CNAME setup), so resolvers never see the records golive creates here",
  secondary: "its records come by zone transfer from a primary elsewhere, not from what golive creates here",
};

/**
 * A zone that is not full, or is paused, as a fix. cloudflare_zone declares `type: "full"` and leaves
 * `paused` to its default, false (both Optional+Computed with those defaults, no RequiresReplace:
 * internal/services/zone/schema.go:47-65, v5.14.0), so an imported zone is converted or resumed in place
 * by the first apply; a zone only read by cloudflare.zone.id stays as it is, and golive's edge with it.
 * Unreported (absent) type or paused: no finding.
 */
export function zoneSetupFindings(cfg: AppConfig, zone: ObservedZone): Finding[] {
  const stack = stackName("edge", cfg.environment);
  const managed = cfg.cloudflare.zone.id === undefined;
  const subject = zone.name;
  const out: Finding[] = [];
  if (zone.type !== undefined && zone.type !== "full")
    out.push({
      check: "zone",
      severity: "fix",
      subject,
      message: `is a ${zone.type} zone, not full: golive needs a full zone, delegated to Cloudflare's name servers (${
        NOT_SERVED[zone.type] ?? "it is not served from Cloudflare's name servers"
      })${
        managed ? `, and ${stack} declares cloudflare_zone type "full", so its first apply would convert the zone in place or fail` : ""
      }: convert it to a full setup in the dashboard (then set the name servers it gives at the registrar), or use another zone`,
    });
  if (zone.paused === true)
    out.push({
      check: "zone",
      severity: "fix",
      subject,
      message: `is paused (Cloudflare answers its DNS only: no proxy, WAF or Access): ${
        managed
          ? `${stack} declares cloudflare_zone with paused false (the provider's default), so its first apply resumes the zone, switching proxying, WAF and Access on at once for every proxied record`
          : `golive only reads it (cloudflare.zone.id), so it stays paused and the rulesets, Access and proxied records ${stack} creates take no effect`
      }: find out why it was paused, resume it deliberately in the dashboard (the zone's Overview) and check the site, then run preflight again`,
    });
  return out;
}
