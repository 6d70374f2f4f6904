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
  /**
   * Those among `readers` outside the intended set, then each principal of `indirect` with a takeover
   * config does not intend, as `<label> (via taking over role <name>)` (roles joined by " or ").
   */
  readonly unexpected: readonly string[];
  /** Principals that cannot read it but can take over a golive role that can, each role once. */
  readonly indirect: readonly IndirectReader[];
  /** Intended readers that cannot read it (informational: a locked-out deploy is not a leak). */
  readonly lockedOut: readonly string[];
  /** State only: who can write it (PutObject, and a data key through S3), by label. */
  readonly writers?: readonly string[];
  /** State only: who applies its stack (its CI role, or `secrets.administrators` by hand), by label; empty when config names nobody. */
  readonly appliers?: readonly string[];
  /** The secret, or the state bucket. */
  readonly location: FindingLocation;
}

/**
 * A principal that can read a secret or state object only by taking over a golive role that reads it:
 * rewriting the role's trust, or passing it to a compute service and running code as it (one step;
 * lib/engines/check/access/takeover.ts).
 */
export interface IndirectReader {
  /** The principal's label, as in `readers`. */
  readonly reader: string;
  /** The role taken over, by name. */
  readonly role: string;
  /** The first way found: `iam:UpdateAssumeRolePolicy`, or `iam:PassRole to <service principal>`. */
  readonly how: string;
  /** Config means it to (whoever administers the account; whoever applies the stack declaring the role): not a leak. */
  readonly intended: boolean;
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
