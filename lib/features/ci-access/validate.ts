import { idCollisions } from "../../core/collisions";
import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { slug } from "../../core/names";
import { MAX_ROLE_NAME } from "../secrets/model";
import { ciRoleName } from "./model";
import { CI_ROLE_KINDS } from "../../core/ci-roles";
import { defaultAdminEnvironment, sameGithubEnvironment } from "./schema";
import { policySizeIssues } from "./policy-sizes";

/** The CI roles are `<app>-<env>-plan`, `-plan-main`, `-deploy`, `-admin-deploy`: a runtime role of the same name would be the same IAM role. */
const RESERVED_ROLE_NAMES = CI_ROLE_KINDS;

/**
 * Each managed policy is attached as `Managed-<slug of the name after the last colon>` (AwsRole):
 * `...:aws:policy/ReadOnlyAccess` and `...:111111111111:policy/ReadOnlyAccess` would share one id.
 */
function policyIdIssues(cfg: AppConfig): ConfigIssue[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  return (["adminDeployPolicyArns", "deployPolicyArns"] as const).flatMap((field) =>
    idCollisions(
      github[field].map((arn, i) => ({
        id: `Managed-${slug(arn.split(":").pop() ?? arn)}`,
        path: ["secrets", "github", field, i],
        value: arn,
      })),
      (id) => `the policy attachment id ${id}`,
    ),
  );
}

/** Deployed after itself, an environment could never be deployed (the other names are checked across files: lib/config/promotion.ts). */
function deployAfterItself(cfg: AppConfig): ConfigIssue[] {
  return cfg.secrets?.github?.deployAfter === cfg.environment
    ? [
        {
          path: ["secrets", "github", "deployAfter"],
          message: `"${cfg.environment}" is this environment; allowed: another environment, the one whose deploy must succeed first (none for the environment deployed first)`,
        },
      ]
    : [];
}

/**
 * The CI roles are `<app>-<env>-<kind>`: with a long app and environment, `-admin-deploy` passes IAM's
 * 64 characters and the access apply fails half-way. `app` is the field to shorten (the environment
 * is the file's name).
 */
function roleNameLengths(cfg: AppConfig): ConfigIssue[] {
  if (!cfg.secrets?.github) return [];
  const longest = CI_ROLE_KINDS.map((kind) => ciRoleName(cfg, kind)).reduce((a, b) => (b.length > a.length ? b : a));
  if (longest.length <= MAX_ROLE_NAME) return [];
  return [
    {
      path: ["app"],
      message: `"${cfg.app}" with environment "${cfg.environment}" makes the CI role name "${longest}" ${longest.length} characters; IAM allows at most ${MAX_ROLE_NAME}; allowed: an app name of at most ${cfg.app.length - (longest.length - MAX_ROLE_NAME)} characters`,
    },
  ];
}

/** The GitHub environment pr-review.yml and review.yml run in: it holds the review key and has no reviewers. */
const PLAN_REVIEW_ENVIRONMENT = "plan-review";

/**
 * The admin-deploy role trusts every job of its GitHub environment: one that other jobs run in (this
 * environment's deploys, the plan review) would let them administer this environment's secrets. The
 * other environments' names are checked across files (lib/config/cross-env.ts).
 */
function adminEnvironmentIssues(cfg: AppConfig): ConfigIssue[] {
  const admin = cfg.secrets?.github?.adminEnvironment;
  if (admin === undefined) return [];
  const shared = sameGithubEnvironment(admin, cfg.environment)
    ? "this environment's deploy environment (deploy-environment.yml, rollback.yml and release.yml run there; the deploy role trusts it)"
    : sameGithubEnvironment(admin, PLAN_REVIEW_ENVIRONMENT)
      ? "the plan review's environment (pr-review.yml and review.yml run there, without reviewers)"
      : undefined;
  if (!shared) return [];
  return [
    {
      path: ["secrets", "github", "adminEnvironment"],
      message: `"${admin}" is ${shared}, whose jobs would then administer this environment's secrets (GitHub environment names ignore case); allowed: an environment of its own with required reviewers, such as ${defaultAdminEnvironment(cfg.environment)} (the default)`,
    },
  ];
}

/** Cross-field rules between the CI roles and the rest of `secrets`; every issue names its field. */
export function validateCiAccess(cfg: AppConfig): ConfigIssue[] {
  const reserved = (cfg.secrets?.runtimeRoles ?? []).flatMap((role, i) => {
    const reserved = RESERVED_ROLE_NAMES.find((r) => r === role.name);
    if (!reserved) return [];
    return [
      {
        path: ["secrets", "runtimeRoles", i, "name"],
        message: `"${role.name}" is reserved for the GitHub ${reserved} role (${ciRoleName(cfg, reserved)}); choose another name such as app`,
      },
    ];
  });
  return [
    ...reserved,
    ...policyIdIssues(cfg),
    ...deployAfterItself(cfg),
    ...roleNameLengths(cfg),
    ...adminEnvironmentIssues(cfg),
    // What IAM would refuse at apply: a policy past its size, a role past its managed policies.
    ...policySizeIssues(cfg),
  ];
}
