import { LoadBalancerPool } from "@cdktf/provider-cloudflare/lib/load-balancer-pool";
import { Construct } from "constructs";
import type { PoolModel } from "../traffic";

export interface OriginPoolProps {
  readonly accountId: string;
  readonly monitorId: string;
  readonly model: PoolModel;
}

/**
 * One colour's pool. Only its description (the build) and `enabled` (`release.drained`) depend on
 * release state, so promotions never touch it. Disabling a pool: "Disabled pools will not receive traffic and are excluded from
 * health checks. Disabling a pool will cause any load balancers using it to failover to the next pool"
 * (pool `enabled`, https://developers.cloudflare.com/api/resources/load_balancers/subresources/pools/methods/edit/);
 * a session pinned by the affinity cookie stays on its endpoint only "as long as the endpoint remains
 * healthy", else a new one is picked
 * (https://developers.cloudflare.com/load-balancing/understand-basics/session-affinity/). Endpoint
 * drain (`session_affinity_attributes.drain_duration`, `release.sessionAffinity.drainDuration`) is
 * documented for a disabled endpoint only ("Disable an endpoint. Your load balancer will gradually drain
 * sessions from that endpoint",
 * https://developers.cloudflare.com/load-balancing/additional-options/planned-maintenance/), not for a
 * disabled pool: a drained pool fails over at once, pinned sessions included, as far as the docs say. Origins
 * are declared sorted by name: the API returns a pool's origins sorted by name whatever order was sent,
 * and v5 models them as an ordered list, so any other order plans an update on every run
 * (terraform-provider-cloudflare#6140, #7179 still on v5.20; the fix proposed in #7209 was closed
 * unmerged). The computed blocks the API always returns (origin steering, load shedding) are declared
 * with its defaults.
 */
export class OriginPool extends Construct {
  readonly poolId: string;

  constructor(scope: Construct, id: string, props: OriginPoolProps) {
    super(scope, id);
    const m = props.model;
    const resource = new LoadBalancerPool(this, "Resource", {
      accountId: props.accountId,
      name: m.name,
      description: m.description,
      // false once drained (`release rollback --drain`): declared, so the next deploy keeps it drained.
      enabled: m.enabled,
      // POOL_MINIMUM_ORIGINS in pool-verdict.ts: the rollback target is judged against this minimum.
      minimumOrigins: 1,
      monitor: props.monitorId,
      origins: [...m.origins]
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((o) => ({ name: o.name, address: o.address, weight: o.weight, enabled: true })),
      // Unset means "every Cloudflare data center" (load_balancer_pool/schema.go, v5.14.0), which only
      // Enterprise may use; the API refuses such a pool on other plans.
      checkRegions: [...m.checkRegions],
      originSteering: { policy: "random" },
      loadShedding: { defaultPercent: 0, defaultPolicy: "random", sessionPercent: 0, sessionPolicy: "hash" },
    });
    this.poolId = resource.id;
  }
}
