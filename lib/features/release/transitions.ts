import { isDeepStrictEqual } from "node:util";
import type { Colour, ReleaseConfig } from "./schema";
import { DrainRefusal, ReleaseRefusal } from "./errors";
import { sharedOrigins } from "../../core/origin-address";
import { type FieldChange, diffState, hasOrigins, otherColour, type ReleaseState, releaseState } from "./state";

/**
 * The release state machine's transitions: what start, shift, promote, abort and rollback each do to
 * the release state (state.ts), or why they refuse.
 */

export type ReleaseAction = "start" | "shift" | "promote" | "rollback" | "abort";

export interface Transition {
  readonly action: ReleaseAction;
  readonly before: ReleaseState;
  readonly after: ReleaseState;
  /** Empty when the state already is what the action asks for (nothing to write or deploy). */
  readonly changes: readonly FieldChange[];
  readonly summary: string;
}

function weightsFor(on: Colour, percent: number): Record<Colour, number> {
  return on === "blue" ? { blue: percent, green: 100 - percent } : { blue: 100 - percent, green: percent };
}

function transition(action: ReleaseAction, before: ReleaseState, after: ReleaseState, summary: string): Transition {
  return { action, before, after, changes: diffState(before, after), summary };
}

function assertValidWeights(state: ReleaseState): void {
  const sum = state.weights.blue + state.weights.green;
  if (sum !== 100) throw new ReleaseRefusal(`release.weights add up to ${sum}, not 100; fix the config before moving traffic`);
  if (state.live === state.candidate)
    throw new ReleaseRefusal(`release.live and release.candidate are both "${state.live}"; the candidate must be the other colour`);
}

function buildText(state: ReleaseState, colour: Colour): string {
  const build = state.builds[colour];
  return build ? `${colour} (${build})` : colour;
}

/**
 * `start --build`: the new build goes on the idle colour (the candidate, at 0%). The live colour
 * becomes the rollback target: the old candidate's servers are about to run untested code.
 */
export function start(release: ReleaseConfig, build: string): Transition {
  const before = releaseState(release);
  assertValidWeights(before);
  const { live, candidate } = before;
  // Started already with this build (by hand before the build went onto the servers, then again by
  // release.yml): nothing to change, so the documented order "start first" works with the workflow.
  if (before.phase === "releasing" && before.builds[candidate] === build) {
    return transition(
      "start",
      before,
      before,
      `nothing to start: ${build} is already started on ${candidate} (${before.weights[candidate]}%); ${buildText(before, live)} is the rollback target`,
    );
  }
  // Released already (completed on the live colour): a new release of it would put the build on the
  // other colour, whose servers still run the old one, and record it there.
  if (before.phase !== "releasing" && before.builds[live] === build && before.weights[live] === 100) {
    return transition(
      "start",
      before,
      before,
      `nothing to start: ${build} is already live on ${live} (100%, release.phase ${before.phase}); ${buildText(before, before.previous)} is the rollback target`,
    );
  }
  if (before.phase === "releasing") {
    throw new ReleaseRefusal(
      `a release of ${buildText(before, candidate)} is in flight (${before.weights[candidate]}%); promote it to 100% or roll it back first`,
    );
  }
  if (before.weights[candidate] > 0) {
    throw new ReleaseRefusal(`candidate ${candidate} still has ${before.weights[candidate]}% of new sessions; roll back first`);
  }
  if (!hasOrigins(release, candidate)) {
    throw new ReleaseRefusal(`candidate "${candidate}" has no origins (release.pools.${candidate}.origins is empty); add them first`);
  }
  // The new build replaces what runs on the candidate's servers: when those serve the live colour too
  // (init starts both pools on the same servers), the live build would go with it and a rollback
  // would have nothing to go back to.
  const addresses = (c: Colour) => release.pools[c].origins.map((o) => o.address);
  const shared = sharedOrigins(addresses(live), addresses(candidate));
  if (shared.length > 0) {
    throw new ReleaseRefusal(
      `${candidate} and ${live} share the origin${shared.length === 1 ? "" : "s"} ${shared.join(", ")}: ${build} would replace the live build there, leaving no rollback target; point release.pools.${candidate}.origins at the servers the new build runs on first`,
    );
  }
  // A drained candidate gets its pool back: the new build must be health-checked and take traffic.
  const after: ReleaseState = {
    ...before,
    previous: live,
    phase: "releasing",
    builds: { ...before.builds, [candidate]: build },
    drained: undefined,
  };
  const enabled = before.drained === undefined ? "" : `; the ${before.drained} pool is enabled again (it was drained)`;
  return transition(
    "start",
    before,
    after,
    `${build} starts on ${candidate} at 0%; ${buildText(before, live)} stays live and is the rollback target${enabled}`,
  );
}

export interface ShiftOptions {
  /** The command reported as making the change. @default "shift" */
  readonly action?: ReleaseAction;
  /** The environment, so a refusal names the command to run. @default "<env>" */
  readonly env?: string;
}

/**
 * Puts `percent` of new sessions on the candidate of a release in flight. At 100 the candidate becomes
 * live and the release completes (the old live colour is kept as `previous`, the rollback target).
 */
export function shiftTo(release: ReleaseConfig, percent: number, options: ShiftOptions = {}): Transition {
  const { action = "shift", env = "<env>" } = options;
  const before = releaseState(release);
  assertValidWeights(before);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new ReleaseRefusal(`percent must be a whole number 0-100, got ${percent}`);
  const { live, candidate } = before;
  // Even `shift 0` is refused outside a release: it would move `previous`, the rollback target.
  if (before.phase !== "releasing") {
    throw new ReleaseRefusal(
      `no release in flight (release.phase is ${before.phase}): start one on ${candidate} with golive release start ${env} --build <id>`,
    );
  }
  if (percent > 0 && !hasOrigins(release, candidate)) {
    throw new ReleaseRefusal(
      `candidate "${candidate}" has no origins (release.pools.${candidate}.origins is empty); add its origins and deploy traffic first`,
    );
  }
  if (percent === 100) {
    const after: ReleaseState = {
      ...before,
      live: candidate,
      candidate: live,
      previous: live,
      weights: weightsFor(candidate, 100),
      phase: "idle",
    };
    return transition(
      action,
      before,
      after,
      `${buildText(before, candidate)} takes 100% and becomes live; ${buildText(before, live)} is kept as the rollback target`,
    );
  }
  const after: ReleaseState = { ...before, previous: live, weights: weightsFor(candidate, percent) };
  return transition(action, before, after, `${candidate} gets ${percent}% of new sessions, ${live} ${100 - percent}%`);
}

/** Moves the candidate to the next configured step; with no release in flight there is nothing to promote. */
export function promote(release: ReleaseConfig): Transition {
  const before = releaseState(release);
  if (before.phase !== "releasing") {
    return transition(
      "promote",
      before,
      before,
      `nothing to promote: ${buildText(before, before.live)} serves 100% and no release is in flight`,
    );
  }
  const current = release.weights[release.candidate];
  const next = release.steps.find((s) => s > current) ?? 100;
  return shiftTo(release, next, { action: "promote" });
}

/**
 * Stops a release in flight without judging either build: all new sessions back on the live colour,
 * `phase: idle`. Unlike `rollback`, the candidate keeps its place in the load balancer (at 0%, never
 * the fallback) and its build stays recorded, and nothing is marked bad; a new `start` may follow.
 */
export function abort(release: ReleaseConfig): Transition {
  const before = releaseState(release);
  const { live, candidate } = before;
  if (before.phase !== "releasing" && before.weights[candidate] === 0) {
    return transition(
      "abort",
      before,
      before,
      `nothing to abort: no release is in flight (release.phase is ${before.phase}); ${buildText(before, live)} serves 100%`,
    );
  }
  assertValidWeights(before);
  const after: ReleaseState = { ...before, weights: weightsFor(live, 100), phase: "idle" };
  const moved =
    before.weights[candidate] > 0 ? `all new sessions back on ${buildText(before, live)}` : `no traffic to move (${candidate} had 0%)`;
  return transition(
    "abort",
    before,
    after,
    `release of ${buildText(before, candidate)} aborted: ${moved}; ${candidate} stays idle at 0% with its build recorded, ${live} stays live (no rollback: nothing is marked bad)`,
  );
}

export interface RollbackOptions {
  /**
   * Also disable the pool of the colour rolled back from (`release.drained`), so sessions pinned to it
   * by the affinity cookie leave at once instead of when the cookie expires.
   */
  readonly drain?: boolean;
}

/**
 * `--drain` keeps at least one enabled pool serving traffic: the rollback target must have a pool, and
 * the drained colour must have one to disable.
 */
function assertDrainable(release: ReleaseConfig, target: Colour, bad: Colour): void {
  if (!hasOrigins(release, target))
    throw new DrainRefusal(
      `--drain: disabling the ${bad} pool would leave no enabled pool serving ${release.hostname} (${target}, release.previous, has no origins)`,
    );
  if (!hasOrigins(release, bad)) throw new DrainRefusal(`--drain: ${bad} has no pool to disable (release.pools.${bad}.origins is empty)`);
}

/** The rollback target (`previous`) is live and serves 100% with no release in flight: a rollback moves no traffic. */
export function nothingToRollBack(before: ReleaseState): boolean {
  return before.live === before.previous && before.weights[before.previous] === 100 && before.phase !== "releasing";
}

/**
 * All traffic back on `previous`, which becomes live again. The colour rolled back from is marked
 * (`phase: rolled-back`): it leaves the load balancer's pools and is never the fallback until a new
 * build is started on it. With `drain`, its pool is disabled too (`release.drained`).
 */
export function rollback(release: ReleaseConfig, options: RollbackOptions = {}): Transition {
  const before = releaseState(release);
  const target = before.previous;
  const bad = otherColour(target);
  if (options.drain) assertDrainable(release, target, bad);
  if (!hasOrigins(release, target)) {
    throw new ReleaseRefusal(
      `rollback target "${target}" (release.previous) has no origins; set release.previous to a colour that has origins`,
    );
  }
  const drained = options.drain ? bad : before.drained;
  const drainText = drained !== before.drained ? `; the ${bad} pool is disabled (drained): sessions pinned to it move at once` : "";
  if (nothingToRollBack(before)) {
    // Already rolled back (or never released): `--drain` may still disable the idle colour's pool.
    const after: ReleaseState = { ...before, drained };
    const summary = `nothing to roll back: ${buildText(before, target)} already serves 100%${drainText}`;
    return transition("rollback", before, after, summary);
  }
  const after: ReleaseState = {
    ...before,
    live: target,
    candidate: bad,
    previous: target,
    weights: weightsFor(target, 100),
    phase: "rolled-back",
    drained,
  };
  return transition(
    "rollback",
    before,
    after,
    `all new sessions back on ${buildText(before, target)}; ${buildText(before, bad)} leaves the load balancer${drainText}`,
  );
}

/**
 * The rollback `after` with the drain `now` records of the colour it rolls back from: a rollback that did
 * not ask for a drain leaves one it finds (rollback keeps `release.drained`), and so must everything that
 * compares against it or lists hand edits toward it. Another run (`rollback --now --drain` from the same
 * working copy, overlapping this one) may have recorded this very rollback with the drain and disabled
 * the pool; an edit removing `release.drained` would have the next deploy enable that pool again.
 */
export function keepingDrain(now: ReleaseState, after: ReleaseState): ReleaseState {
  return after.drained === undefined && now.drained !== undefined && now.drained === after.candidate
    ? { ...after, drained: now.drained }
    : after;
}

/** `now` is the rollback `after` plus a drain of the colour it rolls back from that `after` does not ask for: another run's. */
export function drainedElsewhere(now: ReleaseState, after: ReleaseState): boolean {
  const kept = keepingDrain(now, after);
  return kept !== after && isDeepStrictEqual(now, kept);
}
