import type { Colour, ReleaseConfig } from "./schema";

/**
 * The release state: the part of `release:` the commands edit, read from and written back into the
 * config, and the field changes between two states. What each command does to it: transitions.ts.
 */

export const COLOURS: readonly Colour[] = ["blue", "green"];

export type ReleasePhase = "idle" | "releasing" | "rolled-back";

/** The part of `release:` that release commands edit: the rest is the shape of the traffic stack. */
export interface ReleaseState {
  readonly live: Colour;
  readonly candidate: Colour;
  readonly previous: Colour;
  readonly weights: Readonly<Record<Colour, number>>;
  readonly phase: ReleasePhase;
  /** The build each colour runs, where known. */
  readonly builds: Readonly<Partial<Record<Colour, string>>>;
  /** The colour whose pool is disabled (`release.drained`); undefined: both pools enabled. */
  readonly drained?: Colour | undefined;
}

/** One edited field of `release:`, as `release.weights.green: 10 -> 50`. */
export interface FieldChange {
  readonly path: readonly string[];
  readonly from: string | number;
  /** `null`: the key is removed (`release.drained` once the colour is enabled again). */
  readonly to: string | number | null;
}

/** How an unset field reads in a change: `release.builds.green: (none) -> v1.5.0`. */
const UNSET = "(none)";

export function otherColour(colour: Colour): Colour {
  return colour === "blue" ? "green" : "blue";
}

/** `release.phase`, or what an older config without it means: a candidate with traffic is a release in flight. */
export function phaseOf(release: ReleaseConfig): ReleasePhase {
  return release.phase ?? (release.weights[release.candidate] > 0 ? "releasing" : "idle");
}

export function releaseState(release: ReleaseConfig): ReleaseState {
  return {
    live: release.live,
    candidate: release.candidate,
    previous: release.previous,
    weights: { ...release.weights },
    phase: phaseOf(release),
    builds: { ...(release.builds ?? {}) },
    drained: release.drained,
  };
}

/** The config's release section once it holds `state` (its maps copied, so the result shares none with `state`). */
export function withState(release: ReleaseConfig, state: ReleaseState): ReleaseConfig {
  return { ...release, ...state, weights: { ...state.weights }, builds: { ...state.builds } };
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
  if (before.phase !== after.phase) out.push({ path: ["release", "phase"], from: before.phase, to: after.phase });
  for (const c of COLOURS) {
    const [from, to] = [before.builds[c], after.builds[c]];
    if (from !== to && to !== undefined) out.push({ path: ["release", "builds", c], from: from ?? UNSET, to });
  }
  if (before.drained !== after.drained)
    out.push({ path: ["release", "drained"], from: before.drained ?? UNSET, to: after.drained ?? null });
  return out;
}
