/**
 * What a policy change takes away: the Allow statements whose requests the policy no longer lets
 * through as it did. The mirror of policyWidenings (policy.ts), for the rules that guard a grant
 * something depends on (an AWS service publishing to a topic, using its key).
 */
import { conditionWidenings } from "./policy";
import { covers, mayDeny, readStatements, type Statement } from "./policy-statements";

/** An Allow statement of the policy before that the policy after no longer grants as it did. */
export interface LostAllow {
  readonly statement: Statement;
  /**
   * `narrowed`: a statement of its Sid is still there, reaching less far; `removed`: none is;
   * `denied`: it is still granted, but a Deny the policy before did not hold may refuse it (an
   * explicit Deny overrides every Allow).
   */
  readonly how: "removed" | "narrowed" | "denied";
}

/**
 * The Allow statements of `before` that no Allow of `after` covers (its actions, resources and
 * principals, wildcards read as IAM does) without asking more of the request's conditions, or that a
 * Deny new in `after` may refuse (conditions aside: a Deny's condition narrows it, never widens it). Nothing
 * when either side is not a readable document: a policy known only after apply, or sensitive, is not
 * judged, and so never read as everything removed.
 */
export function allowsLost(before: unknown, after: unknown): LostAllow[] {
  const [was, now] = [readStatements(before), readStatements(after)];
  if (!was || !now) return [];
  const none = new Set<string>();
  const allows = now.filter((a) => a.effect === "Allow");
  const oldDenies = new Set(was.filter((st) => st.effect === "Deny").map((st) => st.text));
  const newDenies = now.filter((st) => st.effect === "Deny" && !oldDenies.has(st.text));
  return was.flatMap((statement): LostAllow[] => {
    if (statement.effect !== "Allow") return [];
    if (!allows.some((a) => covers(a, statement) && conditionWidenings(a, statement, none).length === 0))
      return [{ statement, how: statement.sid !== undefined && allows.some((a) => a.sid === statement.sid) ? "narrowed" : "removed" }];
    return newDenies.some((d) => mayDeny(d, statement)) ? [{ statement, how: "denied" }] : [];
  });
}
