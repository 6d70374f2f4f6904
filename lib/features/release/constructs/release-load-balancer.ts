import { LoadBalancer } from "@cdktf/provider-cloudflare/lib/load-balancer";
import { Construct } from "constructs";
import type { Colour } from "../schema";
import type { LoadBalancerModel } from "../traffic";

export interface ReleaseLoadBalancerProps {
  readonly zoneId: string;
  /** Pool id per provisioned colour. */
  readonly poolIds: Readonly<Partial<Record<Colour, string>>>;
  readonly model: LoadBalancerModel;
}

/**
 * The one resource a release changes: weighted random steering between the colour pools, cookie
 * affinity so a chat stays on its colour, the other colour as fallback.
 *
 * v5 drift (terraform-provider-cloudflare#7339, #7103): nested objects the API fills in are declared
 * whole (`session_affinity_attributes`, `adaptive_routing`, `location_strategy`,
 * `random_steering.default_weight`) so no sub-field is planned as unknown. Deliberately NOT declared:
 * `ttl` (DNS-only load balancers only), `country_pools`/`region_pools`/`pop_pools` (declaring `{}` itself
 * plans `+ country_pools = {}` every run) and `networks`/`rules`. Remaining plan noise on providers
 * without UseStateForUnknown: `created_on`, `modified_on`, `zone_name` shown as (known after apply).
 */
export class ReleaseLoadBalancer extends Construct {
  constructor(scope: Construct, id: string, props: ReleaseLoadBalancerProps) {
    super(scope, id);
    const m = props.model;
    const poolId = (c: Colour): string => {
      const found = props.poolIds[c];
      if (found === undefined) throw new Error(`no pool for colour ${c}`);
      return found;
    };
    const poolWeights: Record<string, number> = {};
    for (const [colour, weight] of Object.entries(m.poolWeights)) {
      if (weight !== undefined && (colour === "blue" || colour === "green")) poolWeights[poolId(colour)] = weight;
    }
    const sa = m.sessionAffinity;
    new LoadBalancer(this, "Resource", {
      zoneId: props.zoneId,
      name: m.hostname,
      description: m.description,
      enabled: true,
      proxied: true,
      defaultPools: m.defaultPools.map(poolId),
      fallbackPool: poolId(m.fallbackPool),
      steeringPolicy: "random",
      randomSteering: { defaultWeight: 0, poolWeights },
      sessionAffinity: "cookie",
      sessionAffinityTtl: sa.ttl,
      sessionAffinityAttributes: {
        samesite: sa.samesite,
        secure: sa.secure,
        drainDuration: sa.drainDuration,
        zeroDowntimeFailover: sa.zeroDowntimeFailover,
      },
      adaptiveRouting: { failoverAcrossPools: false },
      locationStrategy: { mode: "pop", preferEcs: "proximity" },
    });
  }
}
