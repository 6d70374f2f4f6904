import type { AppConfig } from "../../config/schema";
import type { AppliedWeights } from "./break-glass";
import type { Colour, ReleaseConfig } from "./schema";
import { type ReleaseState, withState } from "./state";
import { desiredTraffic } from "./traffic";

/**
 * A load balancer's steering as the API serves it, pools named by colour (or `pool <id>` for a pool of
 * neither colour): what `promote --watch` reads back before each step, to notice a change it did not
 * make (a `rollback --now` from another machine, the dashboard).
 */
export interface ServedSteering {
  readonly defaultPools: readonly string[];
  readonly fallbackPool: string;
  /** Weight per pool in `default_pools`; absent reads as 0 (the API may leave zero weights out). */
  readonly poolWeights: Readonly<Record<string, number>>;
  /**
   * `steering_policy` as served ("" when the API leaves it out); absent: not read (taken as "random").
   * golive declares "random", a pool picked with probability proportional to its weight. Any other
   * policy is drift: "least_outstanding_requests" and "least_connections" use the same weights only to
   * scale each pool's outstanding requests or open connections (random_steering, load_balancer
   * schema.go, provider v5.14.0), "off" sends everyone to the first pool, "geo" by region_pools.
   */
  readonly steeringPolicy?: string;
  /**
   * The names of the load balancer's enabled rules: Cloudflare applies a matching rule's overrides (or
   * fixed response) before the steering, and the traffic stack declares none, so one made in the
   * dashboard can keep sessions on the colour a rollback took away.
   */
  readonly rules?: readonly string[];
}

/** Policies that read random_steering's weights, but not as probabilities (load_balancer schema.go, provider v5.14.0). */
const WEIGHT_SCALES: Readonly<Record<string, string>> = {
  least_outstanding_requests: "outstanding requests",
  least_connections: "open connections",
};

function policyDrift(policy: string): string {
  const served = `steering_policy ${JSON.stringify(policy)}, not the "random" golive declares`;
  const scales = WEIGHT_SCALES[policy];
  return scales === undefined
    ? `${served}, so the weights do not pick the pool`
    : `${served}: the weights scale each pool's ${scales} instead of picking a pool by probability`;
}

/** How the load balancer decides before (or instead of) the weights, in words, or undefined when by the weights alone. */
export function steeringOverride(served: Pick<ServedSteering, "steeringPolicy" | "rules">): string | undefined {
  const policy = served.steeringPolicy ?? STEERING_POLICY;
  const parts = [
    ...(policy === STEERING_POLICY ? [] : [policyDrift(policy)]),
    ...((served.rules?.length ?? 0) > 0
      ? [
          `rule(s) ${(served.rules ?? []).map((r) => JSON.stringify(r)).join(", ")} apply before the steering (none is declared by the traffic stack)`,
        ]
      : []),
  ];
  return parts.length === 0 ? undefined : parts.join("; ");
}

/** The steering policy the traffic stack declares and every release PATCH sends: weights between the colours. */
export const STEERING_POLICY = "random";

/**
 * The load balancer PATCH for `model`, pools by id: what `apply` sends and the dry run lists. Every
 * steering field the traffic stack declares, since a PATCH changes only the fields it sends
 * ("overwriting the supplied properties"): under "off" or "geo" (set in the dashboard) the weights
 * would steer nothing.
 */
export function steeringPatch(model: Steering, idOf: (colour: Colour) => string) {
  const poolWeights = Object.fromEntries(model.defaultPools.map((c) => [idOf(c), model.poolWeights[c] ?? 0]));
  return {
    default_pools: model.defaultPools.map(idOf),
    fallback_pool: idOf(model.fallbackPool),
    steering_policy: STEERING_POLICY,
    random_steering: { default_weight: 0, pool_weights: poolWeights },
  } as const;
}

/** The steering one release state deploys (what `apply` sends, pools by colour). */
export type Steering = Pick<AppliedWeights, "poolWeights" | "defaultPools" | "fallbackPool">;

/** What the traffic stack deploys for `state`: the same model the API path PATCHes. */
export function steeringFor(cfg: AppConfig, release: ReleaseConfig, state: ReleaseState): Steering {
  const lb = desiredTraffic(cfg, withState(release, state)).loadBalancer;
  return { poolWeights: lb.poolWeights, defaultPools: lb.defaultPools, fallbackPool: lb.fallbackPool };
}

function weightOf(weights: Readonly<Record<string, number | undefined>>, pool: string): number {
  return weights[pool] ?? 0;
}

/** True when the API serves exactly `applied` (weights compared to 1e-9). */
export function servesApplied(served: ServedSteering, applied: Steering): boolean {
  const weights: Readonly<Record<string, number | undefined>> = applied.poolWeights;
  return (
    steeringOverride(served) === undefined &&
    served.fallbackPool === applied.fallbackPool &&
    served.defaultPools.length === applied.defaultPools.length &&
    served.defaultPools.every((p, i) => p === applied.defaultPools[i]) &&
    served.defaultPools.every((p) => Math.abs(weightOf(served.poolWeights, p) - weightOf(weights, p)) <= 1e-9)
  );
}

/** The share of new sessions `pool` gets: 0 when it is not in `default_pools` or its weight is left out. */
export function servedShare(s: ServedSteering | Steering, pool: string): number {
  const weights: Readonly<Record<string, number | undefined>> = s.poolWeights;
  return s.defaultPools.some((p) => p === pool) ? weightOf(weights, pool) : 0;
}

/** `blue 0.9, green 0.1 (fallback blue)`: one steering in words, and what decides before the weights when anything does. */
export function steeringText(s: ServedSteering | Steering): string {
  const weights: Readonly<Record<string, number | undefined>> = s.poolWeights;
  const pools = s.defaultPools.map((p) => `${p} ${weightOf(weights, p)}`).join(", ");
  const override = "steeringPolicy" in s || "rules" in s ? steeringOverride(s) : undefined;
  return `${pools || "no pools"} (fallback ${s.fallbackPool})${override === undefined ? "" : `, BUT ${override}`}`;
}
