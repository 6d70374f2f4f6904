import type { FindingLocation } from "../readiness/findings";

/**
 * Who can read one secret or one state object, as the IAM simulator found (`golive check` evaluates
 * it before the rules run; lib/engines/check/access). Plain data, so a rule and every report format
 * can read it.
 */
export interface ReadAccess {
  readonly kind: "secret" | "state";
  /** The secret's name (`<app>/<env>/<name>`) or the state's stack (`edge-production`). */
  readonly name: string;
  /** Labels of the principals that can read it, in the order of `AccessEvaluation.principals`. */
  readonly readers: readonly string[];
  /** Those among `readers` outside the intended set. */
  readonly unexpected: readonly string[];
  /** Intended readers that cannot read it (informational: a locked-out deploy is not a leak). */
  readonly lockedOut: readonly string[];
  /** State only: who can write it (PutObject, and a data key through S3), by label. */
  readonly writers?: readonly string[];
  /** State only: who applies its stack (its CI role, or `secrets.administrators` by hand), by label; empty when config names nobody. */
  readonly appliers?: readonly string[];
  /** The secret, or the state bucket. */
  readonly location: FindingLocation;
}

/** The "who can read secrets and state" answer for one environment. */
export interface AccessEvaluation {
  readonly env: string;
  /** Every principal asked about, by label. */
  readonly principals: readonly string[];
  readonly entries: readonly ReadAccess[];
  /** Why the synthesized IAM could not be evaluated (an unresolvable reference, a policy the simulator refuses). */
  readonly error?: string;
}
