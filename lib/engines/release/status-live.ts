import type { AppConfig } from "../../config/schema";
import type { BreakGlassOptions } from "../../features/release/break-glass";
import type { ListedPool, LoadBalancerSession } from "../../features/release/cloudflare-api";
import { behindServed } from "../../features/release/behind-served";
import { deployedDrift, rolledBackMark, servedRollback } from "../../features/release/live-drift";
import { MARK_WRITERS } from "../../features/release/pool-description";
import type { Colour, ReleaseConfig } from "../../features/release/schema";
import { COLOURS, hasOrigins } from "../../features/release/state";
import { type ServedSteering, servedShare, steeringText } from "../../features/release/steering";
import { readReleaseConfig } from "./config-file";
import type { ReleaseContext, ReleaseResult } from "./report";
import { releaseStatus } from "./status";

/** A colour pool as Cloudflare lists it, for `status --live`; undefined for a colour without origins (no pool). */
interface LivePool {
  readonly name: string;
  readonly enabled: boolean | null;
  /** The time a rollback (`rollback --now` or a watch's own) marked it rolled back (its description), or null. */
  readonly rolledBackAt: string | null;
}

/** What `status --live` read: the steering served, the colour pools, and whether it is what the config deploys. */
interface LiveStatus {
  readonly served: ServedSteering;
  readonly pools: Readonly<Partial<Record<Colour, LivePool>>>;
  /** Why the load balancer is not what the config deploys (the drift messages), or undefined when it is. */
  readonly difference?: string;
}

function livePool(pool: ListedPool): LivePool {
  return { name: pool.name, enabled: pool.enabled ?? null, rolledBackAt: rolledBackMark(pool) ?? null };
}

/**
 * Whether the load balancer serves what the config deploys, judged as `promote --watch` judges it
 * before its first step (liveDrift: the shares, a rule or policy before them, a pool of neither colour,
 * the candidate taken out, a drained candidate enabled) and whole (deployedDrift: the fallback and the
 * colours in default_pools, which the watch's first PATCH sets), plus the live colour's pool, which the config
 * always declares enabled (validate.ts: release.drained is never release.live); a steering that is
 * exactly the rollback of the config's release says so, and a copy of the config that `rollback --now`
 * would refuse as behind (behindServed) says it is probably behind.
 */
function differenceOf(
  cfg: AppConfig,
  release: ReleaseConfig,
  served: ServedSteering,
  pool: (c: Colour) => ListedPool | undefined,
): string | undefined {
  const drift = deployedDrift(cfg, release, served, pool(release.candidate) ?? {});
  if (drift === undefined)
    return pool(release.live)?.enabled === false
      ? `Cloudflare's ${release.live} pool is disabled, the config declares it enabled`
      : undefined;
  const behind = behindServed(cfg, release, served, pool);
  if (behind !== undefined) return behind;
  const rolledBack = servedRollback(cfg, release, served);
  if (rolledBack === undefined) return drift;
  return `${drift}; it serves exactly the rollback of that release (${steeringText(rolledBack.steering)}): rolled back, and no config records it`;
}

/** Reads the load balancer and colour pools (GETs only: the session's look-ups, no request of its own). */
function readLive(session: LoadBalancerSession, cfg: AppConfig, release: ReleaseConfig): LiveStatus {
  const served = session.listedSteering;
  const listed = (c: Colour): ListedPool | undefined => (hasOrigins(release, c) ? session.pool(c) : undefined);
  const pools: Partial<Record<Colour, LivePool>> = {};
  for (const c of COLOURS) {
    const pool = listed(c);
    if (pool !== undefined) pools[c] = livePool(pool);
  }
  const difference = differenceOf(cfg, release, served, listed);
  return { served, pools, ...(difference === undefined ? {} : { difference }) };
}

function weightText(served: ServedSteering, c: Colour): string {
  return served.defaultPools.includes(c) ? `${c} ${servedShare(served, c)}` : `${c} not in the pools`;
}

function liveLines(live: LiveStatus, release: ReleaseConfig, file: string): string[] {
  const { served } = live;
  const poolLine = (c: Colour): string[] => {
    const p = live.pools[c];
    if (p === undefined) return [];
    const enabled = p.enabled === false ? "disabled" : p.enabled === true ? "enabled" : "enabled unknown";
    const mark = p.rolledBackAt === null ? "" : `, MARKED rolled back at ${p.rolledBackAt} by ${MARK_WRITERS}`;
    return [`  pool       ${c} ${p.name}: ${enabled}${mark}`];
  };
  return [
    `Live (Cloudflare, read only): load balancer ${release.hostname}`,
    `  weights    ${COLOURS.map((c) => weightText(served, c)).join(", ")}`,
    `  pools      ${served.defaultPools.join(", ") || "none"} (in this order), fallback ${served.fallbackPool}`,
    `  serves     ${steeringText(served)}`,
    ...COLOURS.flatMap(poolLine),
    live.difference === undefined
      ? `  matches    yes: the load balancer serves what ${file} deploys`
      : `  matches    NO: the load balancer does not serve what ${file} deploys: ${live.difference}`,
  ];
}

function liveJson(live: LiveStatus): Record<string, unknown> {
  const { served } = live;
  return {
    served: {
      weights: Object.fromEntries(COLOURS.map((c) => [c, served.defaultPools.includes(c) ? servedShare(served, c) : null])),
      defaultPools: served.defaultPools,
      fallbackPool: served.fallbackPool,
      steeringPolicy: served.steeringPolicy ?? null,
      rules: served.rules ?? [],
    },
    pools: live.pools,
    matches: live.difference === undefined,
    difference: live.difference ?? null,
  };
}

/**
 * `golive release status <env> --live`: the status of the config, then what the load balancer serves
 * (read through the API, nothing sent but GETs), the colour pools and their rollback marks, and whether
 * it is what the config deploys; not ok (exit 1) when it is not. An API failure throws, as the look-ups
 * of `rollback --now` do (CloudflareApiError).
 */
export async function releaseStatusLive(ctx: ReleaseContext, o: BreakGlassOptions): Promise<ReleaseResult> {
  const source = readReleaseConfig(ctx.configDir, ctx.env, ctx.cwd);
  const status = await releaseStatus(ctx, source);
  // require, not import(): as releaseRollback loads it (the CLI's .ts loader hooks require only).
  const { openLoadBalancer } = require("../../features/release/cloudflare-api") as typeof import("../../features/release/cloudflare-api");
  const session = await openLoadBalancer(source.cfg, source.release, o);
  const live = readLive(session, source.cfg, source.release);
  const ok = live.difference === undefined;
  // `live` stays the config's live colour, as plain `status --json` has it: the read-out has a key of its own.
  const output =
    "json" in status.output
      ? { json: { ...status.output.json, ok, cloudflare: liveJson(live) } }
      : { lines: [...status.output.lines, ...liveLines(live, source.release, source.label)] };
  return { ok, output };
}
