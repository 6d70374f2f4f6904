import type { Construct } from "constructs";
import type { AppConfig } from "../../config/schema";
import type { Colour, ReleaseConfig } from "./schema";
import { desiredTraffic } from "./traffic";
import { HealthMonitor } from "./constructs/health-monitor";
import { OriginPool } from "./constructs/origin-pool";
import { ReleaseLoadBalancer } from "./constructs/release-load-balancer";
import { GoliveStack } from "../../platform/stack";
import { NotificationPolicies } from "../monitoring/constructs/notification-policies";
import { poolHealthNotification } from "../monitoring/notifications";

/**
 * Blue/green traffic of one environment: a health monitor, a pool per provisioned colour, and the
 * load balancer on `release.hostname`. Its own state, so `cdktf deploy traffic-<env>` is the whole
 * blast radius of a promotion or rollback.
 */
export class TrafficStack extends GoliveStack {
  constructor(scope: Construct, cfg: AppConfig, release: ReleaseConfig) {
    super(scope, "traffic", cfg);
    this.cloudflareProvider();
    const accountId = cfg.cloudflare.accountId;
    const zoneId = this.zoneId();
    const model = desiredTraffic(cfg, release);
    const monitor = new HealthMonitor(this, "Monitor", { accountId, model: model.monitor });
    const poolIds: Partial<Record<Colour, string>> = {};
    for (const pool of model.pools) {
      poolIds[pool.colour] = new OriginPool(this, `Pool-${pool.colour}`, { accountId, monitorId: monitor.monitorId, model: pool }).poolId;
    }
    new ReleaseLoadBalancer(this, "LoadBalancer", { zoneId, poolIds, model: model.loadBalancer });
    // Pool health alerts filter on these pools' ids, known only here (monitoring/notifications.ts).
    const poolHealth = poolHealthNotification(cfg);
    if (poolHealth) new NotificationPolicies(this, "Alerts", { accountId, poolIds: Object.values(poolIds), policies: [poolHealth] });
  }
}

/** No release section, no stack. */
export function buildTrafficStack(scope: Construct, cfg: AppConfig): TrafficStack | undefined {
  return cfg.release ? new TrafficStack(scope, cfg, cfg.release) : undefined;
}
