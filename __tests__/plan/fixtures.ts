import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, type PlanInput } from "../../lib/engines/plan";
import { readConstructPaths } from "../../lib/engines/plan/runner/files";
import { toChangeView } from "../../lib/core/plan/changes";
import type { ResourceChange } from "../../lib/core/plan/schema";
import { riskFlags } from "../../lib/engines/plan/risks";
import { REPO_ROOT } from "../helpers/example-config";

export const PLANS = join(REPO_ROOT, "__tests__", "fixtures", "plans");
export const CDKTF_PLANS = join(PLANS, "cdktf");
export const CDKTF_SYNTH = join(PLANS, "cdktf-synth");

/** Values planted as sensitive in the fixtures (scripts/make-plan-fixtures.sh and the cdktf ones). */
export const PLANTED = [
  "golive-planted-var-5e1c0a",
  "golive-planted-input-9b7d42",
  "golive-planted-cf-secret-3d9e71",
  "golive-planted-aws-secret-c41f08",
];

export function fixtureText(...path: string[]): string {
  return readFileSync(join(PLANS, ...path), "utf8");
}

/** A fixture as a PlanInput; `stack` defaults to the file name, construct paths from cdktf-synth. */
export function fixtureInput(path: string, stack = path.replace(/^.*\//, "").replace(/\.json$/, "")): PlanInput {
  const plan = parsePlanJson(path, fixtureText(path));
  const constructPaths = readConstructPaths(CDKTF_SYNTH, stack);
  return { stack, file: path, plan, ...(constructPaths ? { constructPaths } : {}) };
}

export function expectNoPlanted(...texts: string[]): void {
  for (const text of texts) for (const secret of PLANTED) expect(text).not.toContain(secret);
}

type Json = Record<string, unknown>;

/**
 * The real plan of __tests__/fixtures/plans/tf-policies.sh (or another of terraform_data, `file`) with
 * each `terraform_data` made the resource its input stands for (`types`: name -> resource type): the
 * input's attributes become the resource's, as Terraform writes them for that resource (the policy a
 * jsonencode()d string).
 */
export function policyPlan(types: Readonly<Record<string, string>>, file = "tf-policies.json"): Json {
  const plan: Json = JSON.parse(fixtureText(file));
  const input = (v: unknown): unknown => (typeof v === "object" && v !== null && "input" in v ? (v as Json).input : v);
  plan.resource_changes = (plan.resource_changes as Json[]).flatMap((rc) => {
    const type = types[String(rc.name)];
    if (type === undefined) return [];
    const c = rc.change as Json;
    const change = Object.fromEntries(
      ["before", "after", "before_sensitive", "after_sensitive", "after_unknown"].map((k) => [k, input(c[k]) ?? {}]),
    );
    return [{ ...rc, type, address: `${type}.${String(rc.name)}`, change: { ...c, ...change } }];
  });
  return plan;
}

/**
 * The parts Terraform builds a root-module address from (`data.`, type, name, `[index]`), for a test
 * plan that names a change by its address: a plan whose address disagrees with them is refused.
 */
export function addressParts(address: string): { mode: "managed" | "data"; type: string; name: string; index?: string | number } {
  const m = /^(data\.)?([^.]+)\.([^[]+)(?:\[(.*)\])?$/s.exec(address);
  if (!m) throw new Error(`not a root-module resource address: ${address}`);
  const [, data, type = "", name = "", key] = m;
  const index = key === undefined ? undefined : key.startsWith('"') ? key.slice(1, -1) : Number(key);
  return { mode: data ? "data" : "managed", type, name, ...(index === undefined ? {} : { index }) };
}

/** A managed change of `type` for the risk-rule tests, documents as plain objects. */
export function rc(type: string, actions: ResourceChange["change"]["actions"], before: unknown, after: unknown): ResourceChange {
  return {
    address: `${type}.T`,
    mode: "managed",
    type,
    name: "T",
    change: { actions, before, after, before_sensitive: {}, after_sensitive: {}, after_unknown: {} },
  };
}

/** The risk flags a change raises, as `rule: detail`. */
export function flags(change: ResourceChange): string[] {
  return riskFlags(toChangeView(change, undefined)).map((f) => `${f.rule}: ${f.detail}`);
}

/**
 * A plan whose changes hold each value as a terraform_data input (an update from the value with "Leak"
 * made "Leak<version>", and an output known after apply) and as a new output: every place a review shows it.
 */
export function contextPlan(values: readonly unknown[], version: number): string {
  const bump = (v: unknown): unknown => JSON.parse(JSON.stringify(v).replaceAll("Leak", `Leak${version}`));
  return JSON.stringify({
    format_version: "1.2",
    resource_changes: values.map((v, i) => ({
      address: `terraform_data.c${i}`,
      mode: "managed",
      type: "terraform_data",
      name: `c${i}`,
      change: {
        actions: ["update"],
        before: { input: bump(v), output: bump(v) },
        after: { input: v, output: null },
        after_unknown: { output: true },
        before_sensitive: {},
        after_sensitive: {},
      },
    })),
    output_changes: Object.fromEntries(
      values.map((v, i) => [`o${i}`, { actions: ["create"], before: null, after: v, after_unknown: false }]),
    ),
  });
}
