import type { AppConfig } from "../../config/schema";
import type { AppliedWeights } from "./break-glass";
import type { ReleaseConfig } from "./schema";
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

/** `blue 0.9, green 0.1 (fallback blue)`: one steering in words. */
export function steeringText(s: ServedSteering | Steering): string {
  const weights: Readonly<Record<string, number | undefined>> = s.poolWeights;
  const pools = s.defaultPools.map((p) => `${p} ${weightOf(weights, p)}`).join(", ");
  return `${pools || "no pools"} (fallback ${s.fallbackPool})`;
}
