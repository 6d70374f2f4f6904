import type { AppConfig } from "../../config/schema";
import { sharesDiffer } from "./live-drift";
import { readPoolDescription } from "./pool-description";
import type { PoolView } from "./pool-drift";
import type { Colour, ReleaseConfig } from "./schema";
import { COLOURS, type ReleaseState, releaseState } from "./state";
import { type ServedSteering, servedShare, steeringFor, steeringText } from "./steering";
import { nothingToRollBack } from "./transitions";

/**
 * Why `rollback --now` must send nothing: this copy of the config is most likely behind the one
 * deployed (main started, completed or rolled back a release and deployed it). A rollback from it would
 * PATCH steering built on builds it does not know of (sending every session to a colour that now runs
 * another build, and marking the known-good one rolled back), and the next deploy of main would undo
 * it. Undefined when neither sign shows:
 *
 * - The config records no release in flight (release.phase idle), the load balancer gives the colours
 *   other shares than it deploys, and the copy is not shown current: a pool served names another build
 *   (below), or, when a pool served names no build (its description does not say), the config has
 *   nothing to roll back. When every pool served names the build the config records for its colour,
 *   the copy is current and only its deploy is pending (main's completion of a release, waiting behind
 *   the apply lock): that is the runbook's break-glass case, and the rollback goes ahead. A config that
 *   records a rollback (phase rolled-back) is not judged on shares: Cloudflare not serving it yet is
 *   that rollback waiting for its deploy (the GitOps path's), which `rollback --now` realises.
 * - A colour pool's description (which the deploy of the traffic stack writes: pool-description.ts)
 *   names another build than the config records for that colour, in flight too. Only the colour the
 *   rollback sends every session to and the colours the load balancer gives a share are compared: a
 *   candidate at 0% whose `start` is not deployed yet still names the build it ran before, rightly.
 *   A description naming no build (a pool the traffic stack has not described) says nothing.
 */
export function behindServed(
  cfg: AppConfig,
  release: ReleaseConfig,
  served: ServedSteering,
  pool: (colour: Colour) => PoolView | undefined,
): string | undefined {
  const state = releaseState(release);
  const want = steeringFor(cfg, release, state);
  const builds = otherBuilds(state, served, pool);
  const staleIdle = builds.length > 0 || (!servedNameRecorded(state, served, pool) && nothingToRollBack(state));
  const reasons = [
    ...(state.phase === "idle" && sharesDiffer(served, want) && staleIdle
      ? [
          `not what this config deploys (${steeringText(want)}) although the config records no release in flight ` +
            `(release.phase idle, ${colourText(state, state.live)} live)`,
        ]
      : []),
    ...builds,
  ];
  if (reasons.length === 0) return undefined;
  return (
    `the load balancer serves ${steeringText(served)}, ${reasons.join(", ")}: this copy of the config is probably behind the one ` +
    "deployed. Nothing was changed (no PATCH sent): git pull, then run this again"
  );
}

/** The colours whose Cloudflare pool names another build than the config records, each in words. */
function otherBuilds(state: ReleaseState, served: ServedSteering, pool: (colour: Colour) => PoolView | undefined): string[] {
  return COLOURS.filter((c) => c === state.previous || servedShare(served, c) > 0).flatMap((c) => {
    const named = readPoolDescription(pool(c)?.description).build;
    const recorded = state.builds[c];
    if (named === undefined || named === recorded) return [];
    const config = recorded === undefined ? "this config records none" : `this config records ${recorded}`;
    return [`and its ${c} pool names build ${named} where ${config} (release.builds.${c})`];
  });
}

/** Some colour has a share, and every colour the load balancer gives one has a pool naming the build the config records for it. */
function servedNameRecorded(state: ReleaseState, served: ServedSteering, pool: (colour: Colour) => PoolView | undefined): boolean {
  const colours = COLOURS.filter((c) => servedShare(served, c) > 0);
  return (
    colours.length > 0 &&
    colours.every((c) => {
      const named = readPoolDescription(pool(c)?.description).build;
      return named !== undefined && named === state.builds[c];
    })
  );
}

function colourText(state: ReleaseState, colour: Colour): string {
  const build = state.builds[colour];
  return build === undefined ? colour : `${colour} (${build})`;
}
