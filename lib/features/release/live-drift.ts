import type { AppConfig } from "../../config/schema";
import { ReleaseRefusal } from "./errors";
import type { PoolView } from "./pool-drift";
import type { Colour, ReleaseConfig } from "./schema";
import { readPoolDescription } from "./pool-description";
import { COLOURS, releaseState } from "./state";
import { type ServedSteering, type Steering, servedShare, servesApplied, steeringFor, steeringOverride, steeringText } from "./steering";
import { rollback, type Transition } from "./transitions";

/**
 * When the candidate's pool carries a rollback's mark (pool-description.ts): the time the mark names.
 * Every `rollback --now` writes it on the colour it takes traffic from, from whichever copy of the
 * config, this one included: the watch refuses such a pool until a deploy of the traffic stack writes
 * its description from the config again, since nothing tells whether the rollback is one this config
 * knows of.
 */
export function rolledBackMark(candidatePool: PoolView): string | undefined {
  return readPoolDescription(candidatePool.description).rolledBackAt;
}

/**
 * Why `promote --watch` must not start from what the load balancer serves, or undefined when it may:
 * read once before the first step and before the candidate pool is enabled, so the watch never undoes
 * a change it did not make (a `rollback --now [--drain]` from another copy of the config, the dashboard).
 *
 * - The share of new sessions per colour must be what the config deploys. The fallback is not compared:
 *   `start` moves it (to the live colour) without a deploy in between, and it serves no share.
 * - The candidate out of `default_pools`, or its pool disabled, while the config puts it there at 0%,
 *   is what a rollback leaves; it is also what the config's own rollback (and drain) left before its
 *   `start` of a new build, which the watch then puts back as a deploy would. Cloudflare's pool
 *   description tells the two apart: the traffic stack writes the build into it (a deploy of a
 *   rollback made through config). It naming the candidate's build in the config means that very build
 *   was taken out; a disabled pool naming no build at all cannot be told apart, so it is refused too.
 *   (A rollback through the API marks the pool: rolledBackMark, checked first.)
 * - The candidate drained by the config (`release.drained`, what `rollback --drain` records) must be
 *   disabled, and is then no drift. The watch never gets here with one: it refuses a drained candidate
 *   first (watch.ts startWatch), since only a `start` re-enables it.
 */
export function liveDrift(cfg: AppConfig, release: ReleaseConfig, served: ServedSteering, candidatePool: PoolView): string | undefined {
  const want = steeringFor(cfg, release, releaseState(release));
  const override = steeringOverride(served);
  if (override !== undefined) return `it serves ${steeringText(served)}: the config deploys weights alone (${steeringText(want)})`;
  const foreign = [...served.defaultPools, served.fallbackPool].filter((p) => !COLOURS.some((c) => c === p));
  if (foreign.length > 0) return `it serves ${steeringText(served)}: ${foreign.join(", ")} is a pool of neither colour`;
  if (sharesDiffer(served, want)) return `it serves ${steeringText(served)}, the config deploys ${steeringText(want)}`;
  const colour = release.candidate;
  // The config's own drain (rollback --drain) declares that pool disabled: disabled is what it deploys.
  if (release.drained === colour)
    return candidatePool.enabled === false
      ? undefined
      : `Cloudflare's ${colour} pool is enabled, the config declares it disabled (release.drained: ${colour})`;
  const outOfPools = want.defaultPools.includes(colour) && !served.defaultPools.includes(colour);
  const disabled = candidatePool.enabled === false;
  if (!outOfPools && !disabled) return undefined;
  const how = [disabled ? `the ${colour} pool is disabled` : "", outOfPools ? `${colour} is out of the load balancer's pools` : ""]
    .filter((x) => x !== "")
    .join(" and ");
  const build = release.builds?.[colour];
  const described = readPoolDescription(candidatePool.description).build;
  if (build !== undefined && described === build)
    return `${how}, and Cloudflare's ${colour} pool names build ${build}, the candidate's build in the config: it was taken out (rolled back) after it started`;
  if (disabled && described === undefined)
    return `${how}, and its description names no build, so whether this config's own drain disabled it cannot be told`;
  return undefined;
}

/**
 * Why the load balancer does not serve what the config deploys, judged whole, as `status --live` (which
 * sends nothing) reports it: liveDrift, then the fallback and which colours `default_pools` holds. The
 * watch keeps to liveDrift: `start` moves the fallback and puts the candidate back in the pools without
 * a deploy, and the watch's first PATCH sets both. Status must name them, since a fallback left on the
 * colour rolled back from sends every session there once the live pool fails, and a colour left in the
 * pools at weight 0 is one a dashboard edit or the next weight change gives traffic again.
 */
export function deployedDrift(cfg: AppConfig, release: ReleaseConfig, served: ServedSteering, candidatePool: PoolView): string | undefined {
  const drift = liveDrift(cfg, release, served, candidatePool);
  if (drift !== undefined) return drift;
  const want = steeringFor(cfg, release, releaseState(release));
  const how = [
    ...(served.fallbackPool === want.fallbackPool ? [] : [`the fallback is ${served.fallbackPool}, not ${want.fallbackPool}`]),
    ...COLOURS.flatMap((c) => {
      const [has, wants] = [served.defaultPools.includes(c), want.defaultPools.includes(c)];
      if (has === wants) return [];
      return [
        has
          ? `${c} is in the load balancer's pools, the config leaves it out`
          : `${c} is out of the load balancer's pools, the config puts it there`,
      ];
    }),
  ];
  return how.length === 0 ? undefined : `it serves ${steeringText(served)}, the config deploys ${steeringText(want)}: ${how.join("; ")}`;
}

/** Some colour gets another share of new sessions in `a` than in `b` (the fallback, serving no share, is not compared). */
export function sharesDiffer(a: ServedSteering | Steering, b: ServedSteering | Steering): boolean {
  return COLOURS.some((c) => Math.abs(servedShare(a, c) - servedShare(b, c)) > 1e-9);
}

/** A rollback of the config's release that Cloudflare serves: the steering it set, and the colour it took traffic from. */
export interface ServedRollback {
  readonly steering: Steering;
  readonly from: Colour;
}

/**
 * When the load balancer serves exactly the steering a rollback of `release` as it stands sets (what
 * `rollback --now` would PATCH): a rollback that no config records yet, such as one stopped between its
 * load balancer PATCH and its config write (a watch of a golive that marked the pool before writing the
 * config, killed while the mark was retried), or one made from another copy not merged. Deploying this
 * config would undo it; `rollback --now` from it records it without moving a session. Undefined when
 * the config has nothing to roll back, cannot be rolled back (no origins on release.previous), or gives
 * the colour rolled back from no share (deploying it would undo nothing).
 */
export function servedRollback(cfg: AppConfig, release: ReleaseConfig, served: ServedSteering): ServedRollback | undefined {
  let t: Transition;
  try {
    t = rollback(release);
  } catch (err) {
    if (err instanceof ReleaseRefusal) return undefined;
    throw err;
  }
  if (t.changes.length === 0) return undefined;
  const from = t.after.candidate;
  // Only a config that deploys a share to the colour rolled back from would undo the rollback: a release
  // started again at 0% after this config's own recorded rollback (its start not deployed yet) sends
  // that colour nothing, and is no unrecorded rollback.
  if (servedShare(steeringFor(cfg, release, releaseState(release)), from) <= 0) return undefined;
  const steering = steeringFor(cfg, release, t.after);
  return servesApplied(served, steering) ? { steering, from } : undefined;
}
