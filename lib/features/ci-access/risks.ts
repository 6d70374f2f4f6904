import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings } from "../../core/plan/policy";
import { afterOf, at, type RiskRule, str } from "../../platform/risks";

function trustWidened(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  const role = str(at(after, "name")) ?? change.address;
  // A new role is widened from nothing: its whole trust is new and must be read.
  const before = change.kind === "create" ? undefined : at(change.before, "assume_role_policy");
  return policyWidenings(before, at(after, "assume_role_policy"), `role ${role} trust`);
}

export const trustPolicyWidened: RiskRule = {
  id: "trust-widened",
  title: "Role trust widened",
  explanation:
    "Who may assume a role is who holds its power: a GitHub OIDC subject moved from a protected environment to a branch or pull request, a wildcard, or a new account lets code nobody reviewed act as the role.",
  types: ["aws_iam_role"],
  check: trustWidened,
};
