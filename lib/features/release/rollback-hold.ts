import type { LoadBalancerSession } from "./cloudflare-api";
import type { ReleaseState } from "./state";
import { type ServedSteering, servesApplied, steeringText } from "./steering";
import { applyReadingBack, readServed } from "./steering-read-back";

// Apart from cloudflare-api.ts (types only from there), so the watch's steps use it without loading the SDK.

/** How many times a rollback overwritten by a concurrent change is applied again before it says so. */
export const REAPPLY_LIMIT = 3;

/** The load balancer read back after a rollback: serving it (applied again `reapplied` times), or why not. */
export type RollbackHeld =
  | { readonly served: ServedSteering; readonly reapplied: number; readonly overwritten?: ServedSteering }
  | { readonly lost: string };

/**
 * A rollback wins: the API has no compare-and-set for load balancers, so a release watch's step sent in
 * the same milliseconds as a rollback (from another copy of the config) can land after it. The load
 * balancer is read back; while it does not serve `target`'s steering, the rollback is applied again
 * (at most REAPPLY_LIMIT times) and read back again. What it returns is what was read, never assumed:
 * `overwritten` is the steering found in place of the rollback, `lost` says what it serves (or that
 * it could not be read) when the rollback could not be made to stand.
 */
export async function holdRollback(session: LoadBalancerSession, target: ReleaseState): Promise<RollbackHeld> {
  const want = session.steering(target);
  let overwritten: ServedSteering | undefined;
  for (let reapplied = 0; ; reapplied++) {
    const back = await readServed(session);
    if ("unreadable" in back)
      return {
        lost: `reading the load balancer back failed (${back.unreadable.message}), so whether it serves the rollback (${steeringText(want)}) is UNKNOWN`,
      };
    if (servesApplied(back.served, want)) return { served: back.served, reapplied, ...(overwritten === undefined ? {} : { overwritten }) };
    overwritten ??= back.served;
    if (reapplied === REAPPLY_LIMIT)
      return {
        lost: `read back, the load balancer serves ${steeringText(back.served)}, not the rollback (${steeringText(want)}), though the rollback was applied again ${REAPPLY_LIMIT} times (something keeps changing it: a release watch, the dashboard)`,
      };
    // Its outcome is what the next read-back finds.
    await applyReadingBack(session, target, "the rollback again");
  }
}
