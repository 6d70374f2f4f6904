import type { AppConfig } from "../../config/schema";
import { type Colour, DEFAULT_CHECK_REGIONS, type ReleaseConfig } from "./schema";
import { COLOURS, hasOrigins, otherColour, phaseOf, type ReleaseState, withState } from "./state";
import { namePrefix } from "../../core/names";
import { canonicalIpv6 } from "../../core/ip-addresses";
import { poolDescription } from "./pool-description";

export interface MonitorModel {
  readonly description: string;
  readonly path: string;
  readonly expectedCodes: string;
  readonly interval: number;
  readonly retries: number;
  readonly timeout: number;
  readonly consecutiveDown: number;
  readonly consecutiveUp: number;
  /** Sent as the Host header so origins route the probe like real traffic. */
  readonly hostHeader: string;
}

export interface PoolModel {
  readonly colour: Colour;
  /** Cloudflare pool name: letters, digits, dashes. Fixed per colour so releases never rename it. */
  readonly name: string;
  readonly description: string;
  readonly origins: readonly { readonly name: string; readonly address: string; readonly weight: number }[];
  /** Health-check regions; always set, since an unset list means every data centre (Enterprise only). */
  readonly checkRegions: readonly string[];
  /**
   * False for the drained colour (`release.drained`). A disabled pool gets no traffic and no health
   * checks, and sessions pinned to it are sent elsewhere (see OriginPool for the sources).
   */
  readonly enabled: boolean;
}

export interface LoadBalancerModel {
  readonly hostname: string;
  readonly description: string;
  /** Colours in failover order: live first. */
  readonly defaultPools: readonly Colour[];
  readonly fallbackPool: Colour;
  /** Fractions (0-1) per provisioned colour for `random_steering.pool_weights`. */
  readonly poolWeights: Readonly<Partial<Record<Colour, number>>>;
  readonly sessionAffinity: ReleaseConfig["sessionAffinity"];
}

export interface TrafficModel {
  readonly monitor: MonitorModel;
  readonly pools: readonly PoolModel[];
  readonly loadBalancer: LoadBalancerModel;
}

/** Pools exist only for colours with origins (the API rejects an empty pool). */
export function provisionedColours(release: ReleaseConfig): Colour[] {
  return COLOURS.filter((c) => hasOrigins(release, c));
}

export function poolName(cfg: AppConfig, colour: Colour): string {
  return `${namePrefix(cfg.app, cfg.environment)}-${colour}`;
}

/**
 * Desired traffic stack. `loadBalancer` depends on release state (live, candidate, weights); a pool
 * only on its build (description) and `release.drained` (enabled), so a promotion or rollback plans
 * one in-place update, and `rollback --drain` one more: the drained pool's `enabled`.
 */
export function desiredTraffic(cfg: AppConfig, release: ReleaseConfig): TrafficModel {
  const m = release.monitor;
  const monitor: MonitorModel = {
    description: `golive ${cfg.app} ${cfg.environment} health ${m.path}`,
    path: m.path,
    expectedCodes: m.expectedCodes,
    interval: m.interval,
    retries: m.retries,
    timeout: m.timeout,
    consecutiveDown: m.consecutiveDown,
    consecutiveUp: m.consecutiveUp,
    hostHeader: release.hostname,
  };
  const colours = provisionedColours(release);
  const pools = colours.map((colour) => ({
    colour,
    name: poolName(cfg, colour),
    // The build shows in the dashboard next to the pool, so no one has to guess what a colour runs.
    description: poolDescription(cfg, colour, release.builds?.[colour]),
    // An IPv6 address in RFC 5952 form, as Cloudflare stores DNS records' (edge/dns-records.ts,
    // storedContent), so a respelling read back never plans an update; a hostname or IPv4 as written.
    origins: release.pools[colour].origins.map((o) => ({ name: o.name, address: canonicalIpv6(o.address), weight: o.weight })),
    checkRegions: [...(release.pools[colour].checkRegions ?? DEFAULT_CHECK_REGIONS)],
    enabled: release.drained !== colour,
  }));
  const other = otherColour(release.live);
  // A colour rolled back from takes no traffic at all: not in the pools, never the fallback; nor does a
  // drained (disabled) pool.
  const enabled = colours.filter((c) => c !== release.drained);
  const serving = phaseOf(release) === "rolled-back" ? enabled.filter((c) => c === release.live) : enabled;
  // The fallback is the last known-good build, never a candidate still under test.
  const fallback = serving.includes(release.previous) ? release.previous : release.live;
  const poolWeights: Partial<Record<Colour, number>> = {};
  for (const c of serving) poolWeights[c] = release.weights[c] / 100;
  return {
    monitor,
    pools,
    loadBalancer: {
      hostname: release.hostname,
      description: `golive ${cfg.app} ${cfg.environment} blue/green`,
      defaultPools: [release.live, other].filter((c) => serving.includes(c)),
      fallbackPool: fallback,
      poolWeights,
      sessionAffinity: release.sessionAffinity,
    },
  };
}

/** The pool the traffic stack declares for `colour` once the config holds `state` (undefined: no origins, no pool). */
export function declaredPool(cfg: AppConfig, release: ReleaseConfig, state: ReleaseState, colour: Colour): PoolModel | undefined {
  return desiredTraffic(cfg, withState(release, state)).pools.find((p) => p.colour === colour);
}
