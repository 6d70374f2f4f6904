import type { AppConfig } from "../../config/schema";
import type { ConfigIssue } from "../../core/issues";
import { rolePrefix } from "../../platform/names";
import { MAX_ROLE_NAME, runtimeRoleName } from "./model";

function duplicates(names: readonly string[]): number[] {
  return names.flatMap((n, i) => (names.indexOf(n) < i ? [i] : []));
}

/** Cross-field rules of the `secrets` section; every issue names its field. */
export function validateSecrets(cfg: AppConfig): ConfigIssue[] {
  const secrets = cfg.secrets;
  if (!secrets) return [];
  const issues: ConfigIssue[] = [];
  const roleNames = secrets.runtimeRoles.map((r) => r.name);
  for (const i of duplicates(roleNames)) {
    issues.push({ path: ["secrets", "runtimeRoles", i, "name"], message: `runtime role "${roleNames[i]}" is listed twice` });
  }
  secrets.runtimeRoles.forEach((role, i) => {
    const full = runtimeRoleName(cfg, role.name);
    if (full.length > MAX_ROLE_NAME) {
      issues.push({
        path: ["secrets", "runtimeRoles", i, "name"],
        message: `role name "${full}" has ${full.length} characters; IAM allows at most ${MAX_ROLE_NAME}`,
      });
    }
  });
  // Key, secret and state policies deny golive's own roles (`role/<app>-<env>-*`) every administration.
  const prefix = `role/${rolePrefix(cfg)}`;
  secrets.administrators.forEach((arn, i) => {
    if (arn.split(":")[5]?.startsWith(prefix))
      issues.push({
        path: ["secrets", "administrators", i],
        message: `"${arn}" is one of golive's own roles (${prefix}*), which every key, secret and state policy denies administration; allowed: a role of the people who apply access-${cfg.environment}, outside that prefix`,
      });
  });
  const itemNames = secrets.items.map((s) => s.name);
  for (const i of duplicates(itemNames)) {
    issues.push({ path: ["secrets", "items", i, "name"], message: `secret "${itemNames[i]}" is listed twice` });
  }
  secrets.items.forEach((item, i) => {
    item.readers.forEach((reader, j) => {
      if (!roleNames.includes(reader)) {
        issues.push({
          path: ["secrets", "items", i, "readers", j],
          message: `unknown runtime role "${reader}"; allowed: ${roleNames.join(", ")}`,
        });
      }
    });
    const { lambda, everyDays } = item.rotation;
    if (!lambda && everyDays === undefined) {
      issues.push({
        path: ["secrets", "items", i, "rotation"],
        message:
          "got neither lambda nor everyDays; allowed: lambda {functionArn, roleArn} for automatic rotation, or everyDays (1-365) for a manual cadence the readiness checks enforce",
      });
    }
    const fnRegion = lambda?.functionArn.split(":")[3];
    if (fnRegion !== undefined && fnRegion !== secrets.region) {
      issues.push({
        path: ["secrets", "items", i, "rotation", "lambda", "functionArn"],
        message: `function is in region "${fnRegion}"; Secrets Manager rotation needs it in secrets.region "${secrets.region}"`,
      });
    }
  });
  return issues;
}
