import type { AppConfig } from "../../config/schema";
import type { CiRoleKind } from "../../core/ci-roles";
import { type PolicyDocument, renderPolicy } from "../../core/iam";
import type { ConfigIssue } from "../../core/issues";
import { golivePrincipals } from "../secrets/model";
import { adminDeployPolicy, deployGuardPolicy, denyPoliciesOf } from "./policies";
import { type CiScope, ciScope } from "./scope";

/**
 * What IAM lets one role hold, from "IAM and AWS STS quotas"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html, "IAM and STS character
 * limits" and "IAM object quotas"): a role's inline policies together at most 10,240 characters and a
 * customer-managed policy at most 6,144, whitespace not counted; 10 managed policies attached to a role
 * by default, at most 20 on request. Past any of them PutRolePolicy, CreatePolicy or AttachRolePolicy
 * fails with LimitExceeded and the `access-<env>` apply stops half-way.
 */
export const IAM_ROLE_QUOTAS = {
  inlineCharacters: 10_240,
  managedPolicyCharacters: 6_144,
  attachedPoliciesByDefault: 10,
  attachedPoliciesAtMost: 20,
} as const;

/**
 * Of a role's 10,240 inline characters, what golive keeps for each config list that grows them; the
 * rest of the role's inline policies (names of the app, environment, buckets and keys, each stack's
 * state object) takes at most what is left, which __tests__/ci-access/policy-sizes.spec.ts proves for
 * the largest config that passes these checks. An alert webhook's secret ARN is in two statements of
 * the deploy role's (NoSecretsButWebhookUrls, WebhookUrlsReadOnly): about 190 characters for a
 * 40-character secret name. A rotation function's ARN is in the admin-deploy role's (RotationFunctions),
 * each function once however many secrets it rotates.
 */
export const LIST_BUDGETS = { webhooks: 5_500, rotationFunctions: 5_000 } as const;

/**
 * `state.keyPrefix` is in every state object ARN the CI roles name: the main-branch plan role's inline
 * policies hold it three times per stack (its state, its lock file to read, its lock file to take).
 */
export const MAX_STATE_KEY_PREFIX = 100;

/** Characters IAM counts in a policy: its JSON without whitespace. */
export function policySize(doc: PolicyDocument): number {
  return renderPolicy(doc).replace(/\s/g, "").length;
}

/** `22,800`. */
const count = (n: number) => n.toLocaleString("en-US");

/** How many characters a list of the scope adds to `doc`: the document less the document with `without` (the list emptied). */
function share(doc: (s: CiScope) => PolicyDocument, scope: CiScope, without: Partial<CiScope>): number {
  return policySize(doc(scope)) - policySize(doc({ ...scope, ...without }));
}

/**
 * The config lists a CI role's inline policies grow with, each within its budget (LIST_BUDGETS), and a
 * state key prefix within MAX_STATE_KEY_PREFIX. The shares are measured on the documents the access
 * stack renders; they do not depend on the registry's stacks (which add only state objects and
 * planned services, part of the rest), so none are handed in.
 */
export function policySizeIssues(cfg: AppConfig): ConfigIssue[] {
  const principals = golivePrincipals(cfg);
  if (!cfg.secrets?.github || !principals) return [];
  const scope = ciScope(cfg, principals, []);
  const issues: ConfigIssue[] = [];
  const budget = (used: number, limit: number, role: CiRoleKind, path: ConfigIssue["path"], what: string, allowed: string) => {
    if (used > limit)
      issues.push({
        path,
        message: `${what} take ${count(used)} characters of the ${role} role's inline policies (whitespace aside); golive keeps ${count(limit)} of IAM's ${count(IAM_ROLE_QUOTAS.inlineCharacters)} per role for them; allowed: ${allowed}`,
      });
  };
  budget(
    share(deployGuardPolicy, scope, { webhookSecrets: [] }),
    LIST_BUDGETS.webhooks,
    "deploy",
    ["monitoring", "alerts", "webhooks"],
    `the secret ARNs of ${scope.webhookSecrets.length} alert webhooks`,
    "fewer webhooks or shorter secretName values",
  );
  budget(
    share(adminDeployPolicy, scope, { rotationFunctions: [] }),
    LIST_BUDGETS.rotationFunctions,
    "admin-deploy",
    ["secrets", "items"],
    `the ARNs of ${scope.rotationFunctions.length} rotation functions (rotation.lambda.functionArn)`,
    "fewer distinct rotation functions (one function may rotate several secrets)",
  );
  const prefix = cfg.state?.backend === "s3" ? cfg.state.keyPrefix : undefined;
  if (prefix !== undefined && prefix.length > MAX_STATE_KEY_PREFIX)
    issues.push({
      path: ["state", "keyPrefix"],
      message: `${count(prefix.length)} characters, in every state object ARN the CI roles' inline policies name (three per stack in the main-branch plan role's), which IAM caps at ${count(IAM_ROLE_QUOTAS.inlineCharacters)} characters per role; allowed: at most ${MAX_STATE_KEY_PREFIX} characters`,
    });
  return [...issues, ...attachmentIssues(cfg)];
}

/**
 * The managed policies of the deploy and admin-deploy roles are the config's and golive's deny policies
 * (CI_DENY_POLICIES): together within IAM's 20 a role may carry (10 unless the account's quota was
 * raised).
 */
function attachmentIssues(cfg: AppConfig): ConfigIssue[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  const given = {
    deployPolicyArns: ["deploy", github.deployPolicyArns],
    adminDeployPolicyArns: ["admin-deploy", github.adminDeployPolicyArns],
  } as const;
  return Object.entries(given).flatMap(([field, [role, arns]]) => {
    const ours = denyPoliciesOf(role);
    const total = arns.length + ours.length;
    if (total <= IAM_ROLE_QUOTAS.attachedPoliciesAtMost) return [];
    return [
      {
        path: ["secrets", "github", field],
        message: `${arns.length} managed policies and golive's ${ours.length} (${ours.map((d) => d.name).join(", ")}) make ${total} on the ${role} role; IAM attaches at most ${IAM_ROLE_QUOTAS.attachedPoliciesAtMost} to a role (${IAM_ROLE_QUOTAS.attachedPoliciesByDefault} unless the account's quota is raised); allowed: at most ${IAM_ROLE_QUOTAS.attachedPoliciesAtMost - ours.length}`,
      },
    ];
  });
}
