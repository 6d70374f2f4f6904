import { FEATURES } from "../../features";
import type { ZoneFinding } from "../../platform/feature";
import type { EnvironmentDns } from "./load";
import type { ZoneExport } from "./render";

/**
 * Every concern's checks of the exported zone (`Feature.zoneChecks`, the email concern's SPF, DKIM and
 * DMARC rules), in registry order, over the lines as `golive zone` prints them.
 */
export function checkExportedZone(zone: ZoneExport, dns: EnvironmentDns): ZoneFinding[] {
  const options = {
    zone: zone.zone,
    // A load-balanced name answers A queries too (its record is Cloudflare's).
    managedHostnames: [...dns.managedHostnames, ...dns.loadBalanced.map((lb) => lb.name)],
    foreignRecords: dns.foreignRecords,
  };
  return FEATURES.flatMap((f) => f.zoneChecks?.(zone.lines, options) ?? []);
}
