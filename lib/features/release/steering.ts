import type { AppliedWeights } from "./break-glass";

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

function weightOf(weights: Readonly<Record<string, number | undefined>>, pool: string): number {
  return weights[pool] ?? 0;
}

/** True when the API serves exactly what this watch last applied (weights compared to 1e-9). */
export function servesApplied(served: ServedSteering, applied: AppliedWeights): boolean {
  const weights: Readonly<Record<string, number | undefined>> = applied.poolWeights;
  return (
    served.fallbackPool === applied.fallbackPool &&
    served.defaultPools.length === applied.defaultPools.length &&
    served.defaultPools.every((p, i) => p === applied.defaultPools[i]) &&
    served.defaultPools.every((p) => Math.abs(weightOf(served.poolWeights, p) - weightOf(weights, p)) <= 1e-9)
  );
}

/** `blue 0.9, green 0.1 (fallback blue)`: one steering in words. */
export function steeringText(s: ServedSteering | AppliedWeights): string {
  const weights: Readonly<Record<string, number | undefined>> = s.poolWeights;
  const pools = s.defaultPools.map((p) => `${p} ${weightOf(weights, p)}`).join(", ");
  return `${pools || "no pools"} (fallback ${s.fallbackPool})`;
}
