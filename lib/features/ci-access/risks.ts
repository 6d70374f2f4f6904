import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings } from "../../core/plan/policy";
import { afterOf, at, items, type RiskRule, str } from "../../platform/risks";

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
    "Who may assume a role is who holds its power: a GitHub OIDC subject moved from a protected environment to a branch or pull request, a wildcard, a new account, or a trust that no longer checks the token's sub or aud (GitHub: without conditions any repository can request the role) lets code nobody reviewed act as the role.",
  types: ["aws_iam_role"],
  check: trustWidened,
};

/** AWS managed policies that hand over (nearly) the whole account. */
const ADMIN_POLICIES = /^arn:aws[\w-]*:iam::aws:policy\/(?:AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

/** Who holds an identity policy, for the flag: `role opsbot-production-deploy`, `policy deploy`. */
function holder(change: ChangeView, value: unknown): string {
  const name = str(at(value, "name")) ?? change.address;
  for (const kind of ["role", "user", "group"] as const) {
    const owner = str(at(value, kind));
    if (owner !== undefined) return `${kind} ${owner} ${change.type.endsWith("_attachment") ? "" : `policy ${name}`}`.trimEnd();
  }
  return `policy ${name}`;
}

/** The identity policies of a change: [whose, before, after]; a role's inline_policy blocks by name. */
function identityDocuments(change: ChangeView, after: unknown): [string, unknown, unknown][] {
  const before = change.kind === "create" ? undefined : change.before;
  if (change.type !== "aws_iam_role") return [[holder(change, after), at(before, "policy"), at(after, "policy")]];
  const role = str(at(after, "name")) ?? change.address;
  const earlier = new Map(items(at(before, "inline_policy")).map((b) => [str(at(b, "name")), at(b, "policy")] as const));
  return items(at(after, "inline_policy")).map((block) => {
    const name = str(at(block, "name"));
    return [`role ${role} inline policy ${name ?? "(unnamed)"}`, earlier.get(name), at(block, "policy")];
  });
}

function permissionsWidened(change: ChangeView): string[] {
  const after = afterOf(change);
  if (after === null) return [];
  if (change.type.endsWith("_attachment")) {
    const arn = str(at(after, "policy_arn")) ?? "";
    const was = change.kind === "create" ? undefined : str(at(change.before, "policy_arn"));
    return ADMIN_POLICIES.test(arn) && arn !== was
      ? [`${holder(change, after)}: AWS managed policy ${arn.replace(/^.*\//, "")} attached`]
      : [];
  }
  return identityDocuments(change, after).flatMap(([whose, before, now]) => policyWidenings(before, now, whose, { identityPolicy: true }));
}

export const identityPolicyWidened: RiskRule = {
  id: "permissions-widened",
  title: "IAM permissions widened",
  explanation:
    'What a role may do is its blast radius when its credentials or its workflow are abused: Action "*" or "iam:*", NotAction, a sensitive action newly allowed on every resource ("*"), a condition lifted, or an administrator policy attached turns a scoped role into an account administrator.',
  types: [
    "aws_iam_role",
    "aws_iam_role_policy",
    "aws_iam_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
  ],
  check: permissionsWidened,
};
