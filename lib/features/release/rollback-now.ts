import type { AppConfig } from "../../config/schema";
import type { Colour, ReleaseConfig } from "./schema";
import { hasOrigins, otherColour, type ReleaseState } from "./state";
import { markRolledBack, type PoolOutcome } from "./rollback-mark";
import { holdRollback, type RollbackHeld } from "./rollback-hold";
import { type AppliedPoolEnabled, type AppliedWeights, type BreakGlassOptions, CloudflareApiError, LookupError } from "./break-glass";
import { type Steering, steeringText } from "./steering";
import { applyReadingBack, type SteeringOutcome } from "./steering-read-back";
import { ReleaseRefusal } from "./errors";
import { behindServed } from "./behind-served";
import type { PoolView } from "./pool-drift";
import { type LoadBalancerSession, openLoadBalancer } from "./cloudflare-api";

// `rollback --now`'s break-glass path over one load balancer session (cloudflare-api.ts): the target
// pool enabled, the steering applied and read back, the pool rolled back from marked (moved from cloudflare-api.ts).

/**
 * What `rollback --now` changed (the steering, the pool rolled back to enabled first if need be), and
 * the pool PATCH that follows once the config records it.
 */
export interface AppliedRollback {
  /** The pool rolled back to, enabled before the traffic moved: Cloudflare listed it disabled. */
  readonly enabledTarget?: AppliedPoolEnabled;
  readonly weights: AppliedWeights;
  /** Set when the PATCH failed but the load balancer, read back, already served the rollback. */
  readonly readBack?: string;
  /**
   * The colour rolled back from, when Cloudflare listed its pool disabled and `target` does not drain it:
   * another run drained it (`rollback --now --drain` from another copy of the config). The config written
   * must record the drain, or its next deploy enables that pool again (runbooks/rollback.md step 4).
   */
  readonly drainedElsewhere?: Colour;
  /**
   * Marks the pool rolled back from (and, when the target drains it, disables it): markRolledBack, the
   * failure returned, not thrown; undefined when that colour has no pool (no origins in the config).
   */
  markPool(): Promise<PoolOutcome | undefined>;
  /** After the mark: the load balancer read back, and the rollback applied again if a concurrent step overwrote it (holdRollback). */
  holdRollback(): Promise<RollbackHeld>;
}

/**
 * What `rollback --now` applied, or why not: a steering PATCH that did not land, read back (the
 * config then stays untouched), says what the load balancer serves, or that it is UNKNOWN and what to do.
 */
function rollbackApplied(outcome: SteeringOutcome, want: Steering, env: string): { weights: AppliedWeights; note?: string } {
  if ("applied" in outcome) return { weights: outcome.applied, ...(outcome.readBack === undefined ? {} : { note: outcome.readBack }) };
  if ("unreadable" in outcome)
    throw new CloudflareApiError(
      `${outcome.failed.message}; reading the load balancer back failed too (${outcome.unreadable.message}), so what it serves now is UNKNOWN and the config was not written: ` +
        `run golive release rollback ${env} --now again (it sets the same steering, so repeating it is safe), or look at the load balancer in the Cloudflare dashboard`,
    );
  throw new CloudflareApiError(
    `${outcome.failed.message}; read back, the load balancer still serves ${steeringText(outcome.served)}, not the rollback (${steeringText(want)}); the config was not written: retry, or take the GitOps path`,
  );
}

/**
 * The pool a rollback sends every session to must take traffic: "Disabled pools will not receive traffic
 * and are excluded from health checks" (Cloudflare API schema, load-balancing_enabled). One disabled in
 * the dashboard, or drained by a rollback from another copy of the config, is enabled before the
 * traffic moves, as the traffic stack declares it (config validation keeps release.previous undrained).
 * A PATCH that does not land stops the rollback with nothing moved and the config untouched.
 */
async function enableRollbackTarget(
  session: LoadBalancerSession,
  target: ReleaseState,
  env: string,
): Promise<AppliedPoolEnabled | undefined> {
  const colour = target.live;
  if (session.pool(colour).enabled !== false) return undefined;
  try {
    return await session.setPoolEnabled(colour, true);
  } catch (err) {
    if (!(err instanceof CloudflareApiError)) throw err;
    throw new CloudflareApiError(
      `the ${colour} pool, which the rollback sends every session to, is disabled in Cloudflare and enabling it failed (${err.message}); ` +
        `nothing moved and the config was not written: enable pool ${session.pool(colour).name} in the dashboard, then run golive release rollback ${env} --now again`,
    );
  }
}

/**
 * A colour's pool as the look-up listed it, or undefined when the colour has no origins in the config
 * (no pool) or the look-up did not find it: the mark reports a missing pool, after the traffic moved.
 */
function listedPool(session: LoadBalancerSession, release: ReleaseConfig): (colour: Colour) => PoolView | undefined {
  return (colour) => {
    if (!hasOrigins(release, colour)) return undefined;
    try {
      return session.pool(colour);
    } catch (err) {
      if (!(err instanceof CloudflareApiError)) throw err;
      return undefined;
    }
  };
}

/**
 * The colour `target` rolls back from when Cloudflare listed its pool disabled while `target` does not
 * drain it (drainedElsewhere of AppliedRollback).
 */
function drainedOnCloudflare(session: LoadBalancerSession, release: ReleaseConfig, target: ReleaseState): Colour | undefined {
  const from = otherColour(target.live);
  if (target.drained === from) return undefined;
  return listedPool(session, release)(from)?.enabled === false ? from : undefined;
}

/** Runs the look-ups before a rollback's first change: an API failure among them is a LookupError (nothing sent). */
async function lookedUp<T>(lookUp: () => Promise<T>): Promise<T> {
  try {
    return await lookUp();
  } catch (err) {
    if (err instanceof CloudflareApiError && !(err instanceof LookupError)) throw new LookupError(err.message);
    throw err;
  }
}

/**
 * Break-glass: sets the load balancer's steering to `target` right now, as the traffic stack would
 * after a deploy (same pools, order, fallback and weights), so the next deploy plans no change on it;
 * first the pool rolled back to is enabled if Cloudflare lists it disabled (enableRollbackTarget).
 * Refused before any PATCH when the look-up shows this copy of the config behind the one deployed: a
 * pool served names another build than it records, or it is idle with nothing to roll back while other
 * shares are served and a pool served names no build (behindServed). A failed
 * look-up (the zone, the load balancer, the colour pools) throws a LookupError: nothing was sent.
 * A failed steering PATCH is read back: served already, the rollback stands; else it throws, saying
 * what the load balancer serves. The pool rolled back from is marked by `markPool`, which the caller
 * sends once the config records the rollback: traffic first, so no new session is steered to a pool
 * while it goes away, and the config before that second PATCH. A pool rolled back from that the look-up
 * listed disabled (drained by another run) is reported in `drainedElsewhere`, for the config to record.
 * `sending` is told right before the first change is sent (the look-ups before it change nothing).
 */
export async function applyRollbackNow(
  cfg: AppConfig,
  release: ReleaseConfig,
  target: ReleaseState,
  o: BreakGlassOptions,
  at: Date = new Date(),
  sending: () => void = () => undefined,
): Promise<AppliedRollback> {
  const session = await lookedUp(async () => {
    const opened = await openLoadBalancer(cfg, release, o);
    opened.pool(target.live); // the pool rolled back to, found before anything is sent
    return opened;
  });
  // A copy behind the config deployed would move traffic that the next deploy moves back: nothing is sent.
  const behind = behindServed(cfg, release, session.listedSteering, listedPool(session, release));
  if (behind !== undefined) throw new ReleaseRefusal(behind);
  sending(); // the first change goes out now: a run stopped from here on may have moved traffic
  const enabledTarget = await enableRollbackTarget(session, target, cfg.environment);
  const outcome = await applyReadingBack(session, target, "the rollback");
  const { weights, note: readBack } = rollbackApplied(outcome, session.steering(target), cfg.environment);
  const drainedElsewhere = drainedOnCloudflare(session, release, target);
  return {
    ...(enabledTarget === undefined ? {} : { enabledTarget }),
    weights,
    ...(readBack === undefined ? {} : { readBack }),
    ...(drainedElsewhere === undefined ? {} : { drainedElsewhere }),
    markPool: () => markRolledBack(session, cfg, release, target, at),
    holdRollback: () => holdRollback(session, target),
  };
}
