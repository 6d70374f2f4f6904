import { isRecord } from "../../core/json";
import { ReleaseError } from "./errors";

// The pool health verdicts of `promote --watch`: Cloudflare's health answer read per region and origin,
// and the majority rule that says whether a rollback target is down (moved from analysis.ts).

/**
 * Cloudflare's view of one pool, region by region. As a candidate's check: healthy only when every region
 * that checked it says so, and each of its origins. As a rollback target: downGlobally.
 */
export interface PoolHealth {
  readonly state: "healthy" | "unhealthy" | "unknown";
  /** Regions (or PoPs) that reported. */
  readonly regions: number;
  /** Regions in which Cloudflare reports the pool itself unhealthy (`healthy: false`): fewer than its minimum of origins up there. */
  readonly poolDown: readonly string[];
  readonly unhealthy: readonly { readonly region: string; readonly origin?: string; readonly reason?: string }[];
  /** Per origin, of the regions giving the pool's verdict: how many listed it, how many of those found it up. */
  readonly originVotes: Readonly<Record<string, OriginVotes>>;
}

export interface OriginVotes {
  readonly checked: number;
  readonly healthy: number;
}

/** The API keys each origin by its address: [{"192.0.2.40": {healthy, failure_reason, ...}}]. */
function originEntries(value: unknown): [string, Record<string, unknown>][] {
  const origins = isRecord(value) && Array.isArray(value.origins) ? value.origins : [];
  return origins.flatMap((entry) =>
    Object.entries(isRecord(entry) ? entry : {}).flatMap(([origin, o]) =>
      isRecord(o) ? [[origin, o] as [string, Record<string, unknown>]] : [],
    ),
  );
}

/** Down when it says so; with no verdict at all, a failure reason other than the API's "No failures" counts as down. */
function originDown(o: Record<string, unknown>): boolean {
  return o.healthy === false || (typeof o.healthy !== "boolean" && failed(o.failure_reason));
}

function originsOf(region: string, value: unknown): PoolHealth["unhealthy"] {
  return originEntries(value)
    .filter(([, o]) => originDown(o))
    .map(([origin, o]) => ({
      region,
      origin,
      ...(typeof o.failure_reason === "string" ? { reason: o.failure_reason } : {}),
    }));
}

function votesOf(regions: readonly (readonly [string, unknown])[]): Record<string, OriginVotes> {
  const votes: Record<string, OriginVotes> = {};
  for (const [, v] of regions)
    for (const [origin, o] of originEntries(v)) {
      const was = votes[origin] ?? { checked: 0, healthy: 0 };
      votes[origin] = { checked: was.checked + 1, healthy: was.healthy + (originDown(o) ? 0 : 1) };
    }
  return votes;
}

function failed(reason: unknown): boolean {
  return typeof reason === "string" && reason.trim() !== "" && reason !== "No failures";
}

/**
 * Reads `GET /accounts/{id}/load_balancers/pools/{id}/health`: `pop_health` maps each region to
 * `{healthy, origins}` (the SDK's typings show the inner object alone; both shapes are read). Only a
 * region that gives the pool's own verdict (`healthy`, optional in the SDK's typings) counts as
 * reporting: no such region (a monitor that has not run, or an answer without verdicts) reads as
 * unknown, never as healthy; an origin reported down still makes the pool unhealthy. No health object
 * at all is no answer, not "no data yet": the SDK hands on the `result` of an error envelope
 * (`{"success": false, "result": null}`) as it is, and that read would pass the check. It throws, so
 * the check cannot be read and fails (unreadableResult).
 */
export function readPoolHealth(result: unknown): PoolHealth {
  if (!isRecord(result))
    throw new ReleaseError(
      `the Cloudflare API answered no health object (result ${result === null ? "null" : Array.isArray(result) ? "a list" : typeof result})`,
    );
  const pop = result.pop_health;
  if (!isRecord(pop)) return { state: "unknown", regions: 0, poolDown: [], unhealthy: [], originVotes: {} };
  const listed = typeof pop.healthy === "boolean" ? [["(all)", pop] as const] : Object.entries(pop).filter(([, v]) => isRecord(v));
  const regions = listed.filter(([, v]) => isRecord(v) && typeof v.healthy === "boolean");
  const unhealthy = listed.flatMap(([region, v]) => {
    const origins = originsOf(region, v);
    return isRecord(v) && v.healthy === false && origins.length === 0 ? [{ region }] : origins;
  });
  const poolDown = regions.filter(([, v]) => isRecord(v) && v.healthy === false).map(([region]) => region);
  const state = poolDown.length > 0 || unhealthy.length > 0 ? "unhealthy" : regions.length === 0 ? "unknown" : "healthy";
  return { state, regions: regions.length, poolDown, unhealthy, originVotes: votesOf(regions) };
}

/**
 * The pool's minimum of origins up (`minimum_origins`), as constructs/origin-pool.ts declares it: fewer
 * healthy origins and Cloudflare marks the pool unhealthy.
 */
export const POOL_MINIMUM_ORIGINS = 1;

/** Healthy in a majority of the regions that checked it: a tie (1 of 2) is not a majority. */
export function originUp(v: OriginVotes): boolean {
  return v.healthy * 2 > v.checked;
}

/**
 * Whether Cloudflare's one global verdict on the pool is down, so a rollback would send sessions to a
 * pool it steers away from (a Critical pool gets traffic only as the fallback, when every pool is down).
 * Cloudflare: "If the majority of data centers for that region pass the health monitor requests, that
 * region is considered healthy. If the majority of regions is healthy, then the endpoint itself will be
 * considered healthy", and "By default, Cloudflare Load Balancing makes one global health decision for
 * each pool and its endpoints. Your load balancer steers on that single decision everywhere"
 * (load-balancing/monitors, understand-basics/regional-health; per-region steering needs the pool's
 * `health_sources`, which golive does not set). So: down when fewer than POOL_MINIMUM_ORIGINS origins are
 * healthy in a majority of the regions that listed them; with no origin listed, when the pool itself is
 * not healthy in a majority of the regions. No region reporting is not down (unknown).
 */
export function downGlobally(h: PoolHealth): boolean {
  if (h.regions === 0) return false;
  const votes = Object.values(h.originVotes);
  if (votes.length === 0) return !originUp({ checked: h.regions, healthy: h.regions - h.poolDown.length });
  return votes.filter(originUp).length < POOL_MINIMUM_ORIGINS;
}
