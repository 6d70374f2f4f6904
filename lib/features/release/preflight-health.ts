import { poolHealthResult, unhealthyText } from "./analysis";
import { downGlobally, originUp, type PoolHealth } from "./pool-verdict";
import type { Colour } from "./schema";

/** One colour's pool health as read before the walk. */
export interface ColourHealth {
  readonly colour: Colour;
  readonly health: PoolHealth;
}

/** Cloudflare's one global verdict on a pool in words: its origins healthy in a majority of the regions that checked them. */
function globalVerdictText(colour: Colour, h: PoolHealth): string {
  const votes = Object.values(h.originVotes);
  const verdict =
    votes.length === 0
      ? `the ${colour} pool healthy in ${h.regions - h.poolDown.length} of ${h.regions} region(s)`
      : `${votes.filter(originUp).length} of ${votes.length} ${colour} origin(s) healthy in a majority of the regions that checked them`;
  return `${verdict}${h.unhealthy.length > 0 ? ` (reported down: ${unhealthyText(h)})` : ""}`;
}

/**
 * Why `promote --watch` must not move any weight, read from Cloudflare's pool health before the first
 * step, or undefined when it may. The candidate is judged as each step judges it (poolHealthResult: any
 * region or origin reported down fails; no data fails only without probes): it would fail its first
 * step and be rolled back after it got traffic. The rollback target is judged by Cloudflare's global
 * verdict (downGlobally, as the watch judges it before its own rollback): down, a failed step could not
 * be rolled back onto it, and the walk would stop at its first step with the candidate holding traffic
 * (the audit's run: both pools down, 0.9/0.1 left in the config and the load balancer).
 */
export function preflightHealthRefusal(candidate: ColourHealth, target: ColourHealth, unknownFails: boolean): string | undefined {
  const own = poolHealthResult(candidate.colour, candidate.health, 0, unknownFails);
  const problems = [
    ...(own.status === "failed" ? [`the candidate: ${own.detail}`] : []),
    ...(downGlobally(target.health)
      ? [
          `the rollback target: Cloudflare reports ${globalVerdictText(target.colour, target.health)}, down by its majority rule, so a failed step could not be rolled back onto it`,
        ]
      : []),
  ];
  return problems.length === 0 ? undefined : problems.join("; ");
}
