/**
 * What a policy change takes away: the Allow statements whose requests the policy no longer lets
 * through as it did. The mirror of policyWidenings (policy.ts), for the rules that guard a grant
 * something depends on (an AWS service publishing to a topic, using its key).
 */
import { conditionWidenings } from "./policy";
import { covers, readStatements, type Statement } from "./policy-statements";

/** An Allow statement of the policy before that the policy after no longer grants as it did. */
export interface LostAllow {
  readonly statement: Statement;
  /** `narrowed`: a statement of its Sid is still there, reaching less far; `removed`: none is. */
  readonly how: "removed" | "narrowed";
}

/**
 * The Allow statements of `before` that no Allow of `after` covers (its actions, resources and
 * principals, wildcards read as IAM does) without asking more of the request's conditions. Nothing
 * when either side is not a readable document: a policy known only after apply, or sensitive, is not
 * judged, and so never read as everything removed.
 */
export function allowsLost(before: unknown, after: unknown): LostAllow[] {
  const [was, now] = [readStatements(before), readStatements(after)];
  if (!was || !now) return [];
  const none = new Set<string>();
  const allows = now.filter((a) => a.effect === "Allow");
  return was
    .filter((st) => st.effect === "Allow" && !allows.some((a) => covers(a, st) && conditionWidenings(a, st, none).length === 0))
    .map((statement) => ({
      statement,
      how: statement.sid !== undefined && allows.some((a) => a.sid === statement.sid) ? "narrowed" : "removed",
    }));
}
