import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { githubRoleName } from "./model";

/** The CI roles are `<app>-<env>-plan` and `-deploy`: a runtime role of the same name would be the same IAM role. */
const RESERVED_ROLE_NAMES = ["plan", "deploy"] as const;

/** Cross-field rules between the CI roles and the rest of `secrets`; every issue names its field. */
export function validateCiAccess(cfg: AppConfig): ConfigIssue[] {
  return (cfg.secrets?.runtimeRoles ?? []).flatMap((role, i) => {
    const reserved = RESERVED_ROLE_NAMES.find((r) => r === role.name);
    if (!reserved) return [];
    return [
      {
        path: ["secrets", "runtimeRoles", i, "name"],
        message: `"${role.name}" is reserved for the GitHub ${reserved} role (${githubRoleName(cfg, reserved)}); choose another name such as app`,
      },
    ];
  });
}
