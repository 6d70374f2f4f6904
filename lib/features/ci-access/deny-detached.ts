/**
 * A Deny taken away without editing a statement: the CI roles' protection lives partly in
 * customer-managed Deny policies (CI_DENY_POLICIES, docs/secrets-and-credentials.md), so detaching one,
 * deleting it, or pointing its attachment at another policy lifts every deny it holds, as surely as
 * deleting the statements inline. The review reads each change alone, so an attachment's policy is
 * known as golive's by its name (the ARN ends `-no-other-secrets`, a reference names
 * `..._Deny-no-other-secrets_<hash>`); a deleted policy document is read for its Deny statements.
 */
import type { ChangeView } from "../../core/plan/changes";
import { readStatements, statementLabel } from "../../core/plan/policy-statements";
import { UNKNOWN } from "../../core/plan/values";
import { at, items, str } from "../../platform/risks";
import { holdingOf } from "./managed-policies";
import { CI_DENY_POLICIES } from "./policies";

/** golive's deny policy by name (`opsbot-production-no-other-secrets`), ARN, or reference to its block. */
const CI_DENY = new RegExp(`-(?:${CI_DENY_POLICIES.map((g) => g.name).join("|")})(?:_[0-9A-F]{8}(?:\\.(?:arn|id)\\})?)?$`);

/** True when a policy ARN (or a reference to a policy) names one of golive's CI deny policies. */
const isCiDenyPolicy = (arn: string): boolean => CI_DENY.test(arn);

/**
 * golive's deny policies a change stops attaching: held before, not after. A policy known only after
 * apply (a replaced policy's new ARN) is not read as one removed: nothing is flagged then.
 */
function denyPoliciesDetached(change: ChangeView): string[] {
  const holding = holdingOf(change.type);
  if (holding === undefined || change.kind === "create") return [];
  // A deleted role takes its attachments with it: nothing is left to protect.
  if (change.type === "aws_iam_role" && change.kind === "delete") return [];
  const after = change.kind === "delete" || change.kind === "forget" ? [] : holding.held(change.after);
  if (after.some((h) => h.arn === UNKNOWN)) return [];
  const now = new Set(after.map((h) => `${h.holder}\n${String(h.arn)}`));
  const instead = (holder: string) => after.filter((h) => h.holder === holder).map((h) => String(h.arn));
  return holding.held(change.before).flatMap(({ holder, arn }) => {
    if (arn === UNKNOWN || !isCiDenyPolicy(arn) || now.has(`${holder}\n${arn}`)) return [];
    const other = instead(holder).filter((a) => !isCiDenyPolicy(a));
    const replaced = holding.wholeList || other.length === 0 ? "" : `, ${other.join(", ")} attached instead`;
    return [`${holder}: deny policy ${arn} detached${replaced}: its Deny statements no longer apply`];
  });
}

/** The Deny statements of a policy document a change deletes (an aws_iam_policy, an inline policy). */
export function denyStatementsDeleted(document: unknown, whose: string): string[] {
  const denies = (readStatements(document) ?? []).filter((st) => st.effect === "Deny");
  return denies.length === 0 ? [] : [`${whose} deleted: ${denies.map(statementLabel).join(", ")} (Deny) no longer applies`];
}

/** An inline_policy block of a role that holds a Deny and is gone from it, or from a role that stays. */
function inlineDenyBlocksRemoved(change: ChangeView): string[] {
  if (change.type !== "aws_iam_role" || change.kind !== "update") return [];
  const role = str(at(change.after, "name")) ?? change.address;
  const kept = new Set(items(at(change.after, "inline_policy")).map((b) => str(at(b, "name"))));
  return items(at(change.before, "inline_policy")).flatMap((b) => {
    const name = str(at(b, "name"));
    return kept.has(name) ? [] : denyStatementsDeleted(at(b, "policy"), `role ${role} inline policy ${name ?? "(unnamed)"}`);
  });
}

/** Deny policies detached or deleted, and inline Deny blocks removed, by one change. */
export function deniesLifted(change: ChangeView, documentOwner: (value: unknown) => string | undefined): string[] {
  const deleted = change.kind === "delete" ? documentOwner(change.before) : undefined;
  return [
    ...denyPoliciesDetached(change),
    ...inlineDenyBlocksRemoved(change),
    ...(deleted === undefined ? [] : denyStatementsDeleted(at(change.before, "policy"), deleted)),
  ];
}
