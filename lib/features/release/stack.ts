import { DataCloudflareZone } from "@cdktf/provider-cloudflare/lib/data-cloudflare-zone";
import { CloudflareProvider } from "@cdktf/provider-cloudflare/lib/provider";
import { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { Colour, ReleaseConfig } from "./schema";
import { desiredTraffic } from "./traffic";
import { HealthMonitor } from "./constructs/health-monitor";
import { OriginPool } from "./constructs/origin-pool";
import { ReleaseLoadBalancer } from "./constructs/release-load-balancer";
import { GoliveStack } from "../../platform/stack";

/**
 * Blue/green traffic of one environment: a health monitor, a pool per provisioned colour, and the
 * load balancer on `release.hostname`. Its own state, so `cdktf deploy traffic-<env>` is the whole
 * blast radius of a promotion or rollback.
 */
export class TrafficStack extends GoliveStack {
  constructor(scope: Construct, cfg: AppConfig, release: ReleaseConfig) {
    super(scope, "traffic", cfg);
    // The API token comes from CLOUDFLARE_API_TOKEN at plan/apply time, never from config or code.
    new CloudflareProvider(this, "cloudflare", {});
    const accountId = cfg.cloudflare.accountId;
    // The edge stack owns the zone; look it up by name unless config pins its id (no cross-stack outputs).
    const zoneId = cfg.cloudflare.zone.id ?? new DataCloudflareZone(this, "Zone", { filter: { name: cfg.cloudflare.zone.name } }).id;
    const model = desiredTraffic(cfg, release);
    const monitor = new HealthMonitor(this, "Monitor", { accountId, model: model.monitor });
    const poolIds: Partial<Record<Colour, string>> = {};
    for (const pool of model.pools) {
      poolIds[pool.colour] = new OriginPool(this, `Pool-${pool.colour}`, { accountId, monitorId: monitor.monitorId, model: pool }).poolId;
    }
    new ReleaseLoadBalancer(this, "LoadBalancer", { zoneId, poolIds, model: model.loadBalancer });
  }
}
