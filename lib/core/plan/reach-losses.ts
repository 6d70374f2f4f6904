/**
 * What a statement no longer reaches after a change, named: the actions, resources and principals of
 * its version before that its version after (the same Sid) leaves out. For a Deny, each is a request
 * it refused and lets through now.
 */
import { covers, type Statement } from "./policy-statements";

/** One list of a statement: Action, Resource or Principal, and its Not form. */
type Dimension =
  | readonly ["actions", "notAction", "action"]
  | readonly ["resources", "notResource", "resource"]
  | readonly ["principals", "notPrincipal", "principal"];

const DIMENSIONS: readonly Dimension[] = [
  ["actions", "notAction", "action"],
  ["resources", "notResource", "resource"],
  ["principals", "notPrincipal", "principal"],
];

/**
 * The members of `was`'s lists that `now`'s do not reach (wildcards read as IAM does: covers()), as
 * `action kms:ScheduleKeyDeletion`; a list in its Not form on either side is not itemised (what a
 * NotAction leaves in is not a list), so it may leave an empty answer where covers() says `now` reaches less.
 */
export function reachLost(was: Statement, now: Statement): string[] {
  const out: string[] = [];
  for (const [list, not, name] of DIMENSIONS) {
    if (was[not] || now[not]) continue;
    // `now`'s list alone against each member of `was`'s, the other lists as they were.
    const wide: Statement = { ...was, [list]: now[list] };
    const lost = was[list].filter((member) => !covers(wide, { ...was, [list]: [member] }));
    if (lost.length > 0) out.push(`${name}${lost.length > 1 ? "s" : ""} ${lost.join(", ")}`);
  }
  return out;
}
