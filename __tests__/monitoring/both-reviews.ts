/**
 * The two reviews a change of `monitoring-<env>` gets: the pull request's configuration diff (base and
 * head `cdk.tf.json`, `plan-report --config-diff`) and a plan (`terraform show -json`, `plan-report
 * plan.json`), each as its flags, `rule address: detail`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { configDiff } from "../../lib/engines/plan/config-diff";
import { REPO_ROOT } from "../helpers/example-config";
import type { SynthJson } from "../helpers/synth";

export const MONITORING_STACK = "monitoring-production";

export const flagsOf = (report: ReturnType<typeof renderPlanReport>): string[] =>
  report.report.stacks.flatMap((s) => s.risks.map((r) => `${r.rule} ${r.address}: ${r.detail}`));

/** The flags of the pull request's review: base and head `cdk.tf.json` compared. */
export function configReviewFlags(base: SynthJson, head: SynthJson, stack = MONITORING_STACK): string[] {
  const diff = configDiff(base, head);
  const input = { stack, file: `cdktf.out/stacks/${stack}/cdk.tf.json`, plan: diff.plan, configDiff: diff.note };
  return flagsOf(renderPlanReport([input], "(full report)"));
}

/** The flags of a plan written as `terraform show -json` writes it (text), as stack `stack`. */
export function planTextFlags(text: string, stack = MONITORING_STACK): string[] {
  const file = `${stack}.json`;
  return flagsOf(renderPlanReport([{ stack, file, plan: parsePlanJson(file, text) }], "(full report)"));
}

/** The flags of a real AWS provider plan of __tests__/fixtures/plans/aws-provider (its README says how each was made). */
export function realPlanFlags(file: string, stack = MONITORING_STACK): string[] {
  return planTextFlags(readFileSync(join(REPO_ROOT, "__tests__", "fixtures", "plans", "aws-provider", file), "utf8"), stack);
}
