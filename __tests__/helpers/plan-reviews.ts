/**
 * The two reviews a change of a synthesized stack gets: the pull request's configuration diff (base and
 * head `cdk.tf.json`, `plan-report --config-diff`) and a plan (`terraform show -json`, `plan-report
 * plan.json`), each as its flags, `rule address: detail`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, renderPlanReport } from "../../lib/engines/plan";
import { configDiff } from "../../lib/engines/plan/config-diff";
import { REPO_ROOT } from "./example-config";
import type { SynthJson } from "./synth";

type Json = Record<string, unknown>;

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

/** A flag's detail: what follows `rule address: `. */
export const details = (found: readonly string[]): string[] => found.map((f) => f.slice(f.indexOf(": ") + 2));

/**
 * The block `id` of a synthesized stack whose logical id is `<id>_<hash>` (construct `Alerts/Key` is
 * `Alerts_Key_9E1197AF`), and that logical id.
 */
export function synthBlock(json: SynthJson, type: string, id: string): [string, Json] {
  const found = Object.entries(json.resource[type] ?? {}).find(
    ([name]) => name.startsWith(`${id}_`) && !name.slice(id.length + 1).includes("_"),
  );
  if (!found) throw new Error(`no ${type} ${id} in the synthesized stack`);
  return found;
}

/**
 * The flags of one in-place update of a synthesized block, planned as the provider writes it: a
 * reference `${type.name.arn}` or `.id` resolved to `arn-of-<name>` / `id-of-<name>`, meta-arguments
 * dropped. Nested blocks stay as synthesized (an object where a plan has a list of one).
 */
export function plannedUpdate(type: string, name: string, before: Json, after: Json, stack = MONITORING_STACK): string[] {
  const state = (b: Json): Json => {
    const { "//": _path, provider: _provider, lifecycle: _lifecycle, ...attrs } = b;
    return JSON.parse(JSON.stringify(attrs).replace(/\$\{(\w+)\.([\w-]+)\.(arn|id)\}/g, (_, _type, n, a) => `${a}-of-${n}`));
  };
  const change = {
    actions: ["update"],
    before: state(before),
    after: state(after),
    after_unknown: {},
    before_sensitive: {},
    after_sensitive: {},
  };
  const resource = {
    address: `${type}.${name}`,
    mode: "managed",
    type,
    name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change,
  };
  return planTextFlags(JSON.stringify({ format_version: "1.2", terraform_version: "1.11.4", resource_changes: [resource] }), stack);
}

/** A policy statement as written, to edit. */
export interface Statement {
  Sid?: string;
  Condition?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/** Edits the statements of a block's policy (a JSON string, as synthesized). */
export function editPolicy(b: Json, edit: (statements: Statement[]) => Statement[]): void {
  const doc = JSON.parse(String(b.policy)) as { Statement: Statement[] };
  b.policy = JSON.stringify({ ...doc, Statement: edit(doc.Statement) });
}

/** An edit that removes the statement `sid`. */
export const without =
  (sid: string) =>
  (statements: Statement[]): Statement[] =>
    statements.filter((s) => s.Sid !== sid);
