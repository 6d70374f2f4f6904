import type { Colour, ReleaseConfig } from "./schema";
import { ReleaseRefusal } from "./errors";

export const COLOURS: readonly Colour[] = ["blue", "green"];

/** The part of `release:` that release commands edit: the rest is the shape of the traffic stack. */
export interface ReleaseState {
  readonly live: Colour;
  readonly candidate: Colour;
  readonly previous: Colour;
  readonly weights: Readonly<Record<Colour, number>>;
}

export type ReleaseAction = "shift" | "promote" | "rollback";

/** One edited field of `release:`, as `release.weights.green: 10 -> 50`. */
export interface FieldChange {
  readonly path: readonly string[];
  readonly from: string | number;
  readonly to: string | number;
}

export interface Transition {
  readonly action: ReleaseAction;
  readonly before: ReleaseState;
  readonly after: ReleaseState;
  /** Empty when the state already is what the action asks for (nothing to write or deploy). */
  readonly changes: readonly FieldChange[];
  readonly summary: string;
}

export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}

export function releaseState(release: ReleaseConfig): ReleaseState {
  return { live: release.live, candidate: release.candidate, previous: release.previous, weights: { ...release.weights } };
}

export function hasOrigins(release: ReleaseConfig, colour: Colour): boolean {
  return release.pools[colour].origins.length > 0;
}

/** Every field that differs, in a stable order, as paths inside the config file. */
export function diffState(before: ReleaseState, after: ReleaseState): FieldChange[] {
  const out: FieldChange[] = [];
  for (const key of ["live", "candidate", "previous"] as const) {
    if (before[key] !== after[key]) out.push({ path: ["release", key], from: before[key], to: after[key] });
  }
  for (const c of COLOURS) {
    if (before.weights[c] !== after.weights[c])
      out.push({ path: ["release", "weights", c], from: before.weights[c], to: after.weights[c] });
  }
  return out;
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

/**
 * Puts `percent` of new sessions on the candidate. At 100 the candidate becomes live (and the old
 * live colour becomes `previous`, the rollback target); below 100 the live colour is the rollback target.
 */
export function shiftTo(release: ReleaseConfig, percent: number, action: ReleaseAction = "shift"): Transition {
  const before = releaseState(release);
  assertValidWeights(before);
  if (!Number.isInteger(percent) || percent < 0 || percent > 100)
    throw new ReleaseRefusal(`percent must be a whole number 0-100, got ${percent}`);
  const { live, candidate } = before;
  if (percent > 0 && !hasOrigins(release, candidate)) {
    throw new ReleaseRefusal(
      `candidate "${candidate}" has no origins (release.pools.${candidate}.origins is empty); add its origins and deploy traffic first`,
    );
  }
  if (percent === 100) {
    const after: ReleaseState = { live: candidate, candidate: live, previous: live, weights: weightsFor(candidate, 100) };
    return transition(action, before, after, `${candidate} takes 100% and becomes live; ${live} is kept as the rollback target`);
  }
  const after: ReleaseState = { live, candidate, previous: live, weights: weightsFor(candidate, percent) };
  return transition(action, before, after, `${candidate} gets ${percent}% of new sessions, ${live} ${100 - percent}%`);
}

/** Moves the candidate to the next configured step above its current weight. */
export function promote(release: ReleaseConfig): Transition {
  const current = release.weights[release.candidate];
  const next = release.steps.find((s) => s > current) ?? 100;
  return shiftTo(release, next, "promote");
}

/** All traffic back on `previous`, which becomes live again. */
export function rollback(release: ReleaseConfig): Transition {
  const before = releaseState(release);
  const target = before.previous;
  if (!hasOrigins(release, target)) {
    throw new ReleaseRefusal(
      `rollback target "${target}" (release.previous) has no origins; set release.previous to a colour that has origins`,
    );
  }
  const after: ReleaseState = { live: target, candidate: otherColour(target), previous: target, weights: weightsFor(target, 100) };
  return transition("rollback", before, after, `all new sessions back on ${target}`);
}
