import type { ChangeView } from "../../core/plan/changes";
import { policyWidenings } from "../../core/plan/policy";
import { settingOverwrites } from "../../core/plan/setting-overwrites";
import { afterOf, at, computedPolicyCheck, items, num, type RiskRule, shownNumber, str } from "../../platform/risks";
import { BOUNDED_TYPES, boundaryLifted } from "./boundary-lifted";
import { deniesLifted } from "./deny-detached";
import { lambdaPermissionWidened } from "./lambda-permission";
import { POLICY_HOLDING_TYPES, policiesAttached } from "./managed-policies";
import { queuePolicyName, queuePolicyWidened } from "./queue-policy";

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

/** Types whose `policy` argument is an identity policy document. */
const POLICY_DOCUMENT_TYPES: ReadonlySet<string> = new Set([
  "aws_iam_role_policy",
  "aws_iam_policy",
  "aws_iam_user_policy",
  "aws_iam_group_policy",
]);

/** Who holds an identity policy, for the flag: `role opsbot-production-deploy policy deploy`, `policy deploy`. */
function holder(change: ChangeView, value: unknown): string {
  const name = str(at(value, "name")) ?? change.address;
  for (const kind of ["role", "user", "group"] as const) {
    const owner = str(at(value, kind));
    if (owner !== undefined) return `${kind} ${owner} policy ${name}`;
  }
  return `policy ${name}`;
}

/** The identity policies of a change: [whose, before, after]; a role's inline_policy blocks by name. */
function identityDocuments(change: ChangeView, after: unknown): [string, unknown, unknown][] {
  const before = change.kind === "create" ? undefined : change.before;
  if (POLICY_DOCUMENT_TYPES.has(change.type)) return [[holder(change, after), at(before, "policy"), at(after, "policy")]];
  if (change.type !== "aws_iam_role") return [];
  const role = str(at(after, "name")) ?? change.address;
  const earlier = new Map(items(at(before, "inline_policy")).map((b) => [str(at(b, "name")), at(b, "policy")] as const));
  return items(at(after, "inline_policy")).map((block) => {
    const name = str(at(block, "name"));
    return [`role ${role} inline policy ${name ?? "(unnamed)"}`, earlier.get(name), at(block, "policy")];
  });
}

/** IAM's default and the role's own when unset: one hour (CreateRole MaxSessionDuration). */
const DEFAULT_SESSION_SECONDS = 3600;

/** A role whose sessions may last longer: stolen credentials of it stay valid longer. */
function sessionLengthened(change: ChangeView, after: unknown): string[] {
  if (change.type !== "aws_iam_role" || change.kind === "create") return [];
  const [was, now] = [num(at(change.before, "max_session_duration")) ?? DEFAULT_SESSION_SECONDS, num(at(after, "max_session_duration"))];
  if (now === undefined || now <= was) return [];
  const role = str(at(after, "name")) ?? change.address;
  const [from, to] = [
    shownNumber(change, "before", "max_session_duration", was),
    shownNumber(change, "after", "max_session_duration", now),
  ];
  return [`role ${role}: max_session_duration ${from} -> ${to} seconds: its credentials, stolen or leaked, stay valid longer`];
}

function permissionsWidened(change: ChangeView): string[] {
  const lifted = deniesLifted(change, (before) => (POLICY_DOCUMENT_TYPES.has(change.type) ? holder(change, before) : undefined));
  const after = afterOf(change);
  if (after === null) return lifted;
  return [
    ...lifted,
    ...policiesAttached(change, after),
    ...boundaryLifted(change, after),
    ...sessionLengthened(change, after),
    ...identityDocuments(change, after).flatMap(([whose, before, now]) => policyWidenings(before, now, whose, { identityPolicy: true })),
  ];
}

export const identityPolicyWidened: RiskRule = {
  id: "permissions-widened",
  title: "IAM permissions widened",
  explanation:
    'What a role may do is its blast radius when its credentials or its workflow are abused: Action "*" or "iam:*", NotAction, a sensitive action newly allowed on every resource ("*"), a condition lifted, an administrator policy attached (by an attachment, a role\'s managed_policy_arns or an exclusive attachments list), a managed policy added to an existing role\'s whole list, or a permissions boundary removed turns a scoped role into an account administrator; a Deny policy detached, deleted or its attachment pointed at another policy (golive\'s CI deny policies hold what the deploy role must never do) lifts every deny it holds; a longer max_session_duration keeps stolen credentials valid longer; a new inline policy of a role and name another resource holds replaces that policy (its Deny statements too) while that resource plans no change.',
  types: [...new Set([...POLICY_DOCUMENT_TYPES, ...POLICY_HOLDING_TYPES, ...BOUNDED_TYPES])],
  check: permissionsWidened,
  // PutRolePolicy replaces the role's policy of that name: a new aws_iam_role_policy of a role and name
  // another resource holds (golive's deploy-guard Deny) overwrites it, read against it (setting-overwrites.ts).
  checkPlan: settingOverwrites(["aws_iam_role_policy"], permissionsWidened),
};

function resourceGrantWidened(change: ChangeView): string[] {
  return change.type === "aws_lambda_permission" ? lambdaPermissionWidened(change) : queuePolicyWidened(change);
}

export const resourcePolicyWidened: RiskRule = {
  id: "resource-grant-widened",
  title: "Function or queue opened to more callers",
  explanation:
    "A Lambda function's and an SQS queue's resource policies let callers outside the account's own roles in: a permission opened to any principal (*) or another principal, a wildcard action, a source ARN, account or organization condition dropped, a function URL without authentication, or a queue policy that gains a principal or loses a condition or Deny lets any AWS account (or anyone) invoke the function or read and send its messages.",
  types: ["aws_lambda_permission", "aws_sqs_queue_policy", "aws_sqs_queue"],
  check: resourceGrantWidened,
  checkPlan: computedPolicyCheck(["aws_sqs_queue"], queuePolicyName),
};
