import { idCollisions } from "../../config/collisions";
import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { slug } from "../../core/names";
import { ciRoleName } from "./model";
import { CI_ROLE_KINDS } from "./schema";

/** The CI roles are `<app>-<env>-plan`, `-plan-main`, `-deploy`, `-admin-deploy`: a runtime role of the same name would be the same IAM role. */
const RESERVED_ROLE_NAMES = CI_ROLE_KINDS;

/**
 * Each managed policy is attached as `Managed-<slug of the name after the last colon>` (AwsRole):
 * `...:aws:policy/ReadOnlyAccess` and `...:111111111111:policy/ReadOnlyAccess` would share one id.
 */
function policyIdIssues(cfg: AppConfig): ConfigIssue[] {
  const github = cfg.secrets?.github;
  if (!github) return [];
  return (["planPolicyArns", "deployPolicyArns"] as const).flatMap((field) =>
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
  return [...reserved, ...policyIdIssues(cfg), ...deployAfterItself(cfg)];
}
