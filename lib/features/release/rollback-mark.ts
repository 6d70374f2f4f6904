import type { AppConfig } from "../../config/schema";
import { type AppliedPoolEdit, apiErrorOf, type CloudflareApiError } from "./break-glass";
import type { LoadBalancerSession, PoolEdit } from "./cloudflare-api";
import { rolledBackDescription } from "./pool-description";
import type { ReleaseConfig } from "./schema";
import { otherColour, type ReleaseState } from "./state";
import { declaredPool } from "./traffic";

// Apart from cloudflare-api.ts (types only from there), so the watch's steps can mark a pool without
// loading the SDK until the session is opened.

/** The pool's PATCH after the traffic moved, as read back, or why it failed. */
export type PoolOutcome = { readonly applied: AppliedPoolEdit } | { readonly failed: CloudflareApiError };

/**
 * Marks the pool of the colour `target` takes traffic from (the other colour than `target.live`) as
 * rolled back at `at`: its description, as the traffic stack declares it plus `rolled back <UTC time>`
 * (pool-description.ts), disabled too when `target` drains it. One PATCH, sent after the traffic moved.
 * `promote --watch` refuses a candidate whose pool carries the mark, so a watch from a config that does
 * not hold this rollback (a re-run of the release workflow, another copy) cannot promote it again; a
 * deploy of the traffic stack writes the description from the config, which clears the mark. Any
 * failure is returned, never thrown: the traffic has moved, and what the caller still has to do (write
 * the config, report) must not be skipped.
 * @returns undefined when the colour has no pool (no origins in the config)
 */
export async function markRolledBack(
  session: LoadBalancerSession,
  cfg: AppConfig,
  release: ReleaseConfig,
  target: ReleaseState,
  at: Date,
): Promise<PoolOutcome | undefined> {
  const colour = otherColour(target.live);
  if (declaredPool(cfg, release, target, colour) === undefined) return undefined;
  const description = rolledBackDescription(cfg, colour, target.builds[colour], at);
  // Also when the config already records the drain: the API is made to match what a deploy would declare.
  const edit: PoolEdit = target.drained === colour ? { enabled: false, description } : { description };
  try {
    return { applied: await session.editPool(colour, edit) };
  } catch (err) {
    return { failed: apiErrorOf(err, `marking the ${colour} pool rolled back`) };
  }
}
