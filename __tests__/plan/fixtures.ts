import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parsePlanJson, type PlanInput } from "../../lib/engines/plan";
import { readConstructPaths } from "../../lib/engines/plan/runner/files";
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
