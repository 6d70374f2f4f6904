/**
 * Plans shaped as `terraform show -json` writes them for the AWS provider: every attribute of the
 * resource, the sensitivity and unknown masks, `replace_paths` and `action_reason` on a replacement;
 * reviewed in process as plan-report reviews a file (parsePlanJson refuses a plan that is not).
 */
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { addressParts } from "./fixtures";

type Json = Record<string, unknown>;

/** One change as Terraform writes it; masks default to none (`{}`, `false` for a side that is null). */
export interface ProviderChange {
  readonly address: string;
  readonly actions: readonly string[];
  readonly before: Json | null;
  readonly after: Json | null;
  readonly afterUnknown?: Json;
  readonly beforeSensitive?: Json;
  readonly afterSensitive?: Json;
  readonly replacePaths?: readonly (readonly string[])[];
}

export function resourceChange(c: ProviderChange): Json {
  return {
    address: c.address,
    ...addressParts(c.address),
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions: c.actions,
      before: c.before,
      after: c.after,
      after_unknown: c.afterUnknown ?? {},
      before_sensitive: c.before === null ? false : (c.beforeSensitive ?? {}),
      after_sensitive: c.after === null ? false : (c.afterSensitive ?? {}),
      ...(c.replacePaths ? { replace_paths: c.replacePaths } : {}),
    },
    ...(c.replacePaths ? { action_reason: "replace_because_cannot_update" } : {}),
  };
}

/** A whole plan of these changes, as Terraform 1.11 writes it. */
export function providerPlan(...changes: ProviderChange[]): Json {
  return {
    format_version: "1.2",
    terraform_version: "1.11.4",
    resource_changes: changes.map(resourceChange),
    applyable: true,
    complete: true,
    errored: false,
  };
}

/** The review of such a plan, as `golive plan-report access-production.json` renders it. */
export function reviewOf(...changes: ProviderChange[]): ReturnType<typeof renderPlanReport> {
  const file = "access-production.json";
  const plan = parsePlanJson(file, JSON.stringify(providerPlan(...changes)));
  return renderPlanReport([{ stack: "access-production", file, plan }], "`r.md`");
}

/** The flags the review raises, as `rule address: detail`. */
export function reviewFlags(...changes: ProviderChange[]): string[] {
  return reviewOf(...changes).report.stacks.flatMap((s) => s.risks.map((r) => `${r.rule} ${r.address}: ${r.detail}`));
}
