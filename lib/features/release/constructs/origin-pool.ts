import { LoadBalancerPool } from "@cdktf/provider-cloudflare/lib/load-balancer-pool";
import { Construct } from "constructs";
import type { PoolModel } from "../traffic";

export interface OriginPoolProps {
  readonly accountId: string;
  readonly monitorId: string;
  readonly model: PoolModel;
}

/**
 * One colour's pool. Nothing here depends on release state, so promotions never touch it. Origins
 * keep config order (v5 diffs a reordered list: terraform-provider-cloudflare#6140) and the computed
 * blocks the API always returns (origin steering, load shedding) are declared with its defaults.
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
      enabled: true,
      minimumOrigins: 1,
      monitor: props.monitorId,
      origins: m.origins.map((o) => ({ name: o.name, address: o.address, weight: o.weight, enabled: true })),
      // Unset means "every Cloudflare data center" (load_balancer_pool/schema.go, v5.14.0), which only
      // Enterprise may use; the API refuses such a pool on other plans.
      checkRegions: [...m.checkRegions],
      originSteering: { policy: "random" },
      loadShedding: { defaultPercent: 0, defaultPolicy: "random", sessionPercent: 0, sessionPolicy: "hash" },
    });
    this.poolId = resource.id;
  }
}
