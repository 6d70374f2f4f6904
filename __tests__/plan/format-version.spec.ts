import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isPlanShaped, PlanJson, validatePlanData } from "../../lib/core/plan/schema";
import { golive, tempDir } from "../helpers/cli";
import { PLANS } from "./fixtures";

// developer.hashicorp.com/terraform/internals/json-format: a new major format_version is not backward
// compatible; "Reject any input which reports an unsupported major version."
const withVersion = (version: string): Record<string, unknown> => ({
  ...JSON.parse(readFileSync(join(PLANS, "tf-changes.json"), "utf8")),
  format_version: version,
});

/** A folder whose plans/app-staging.json is `plan`. */
function planDir(plan: Record<string, unknown>): string {
  const dir = tempDir("golive-format-version-");
  mkdirSync(join(dir, "plans"));
  writeFileSync(join(dir, "plans", "app-staging.json"), JSON.stringify(plan));
  return dir;
}

describe("format_version: only major version 1 of Terraform's JSON format is read", () => {
  // In-process: plan-report runs as a process of bin/golive.js in __tests__/cli/process.spec.ts and deep-values.spec.ts,
  // and the refusal is runCli's exit and stderr either way.
  test.each(["9.0", "2.0", "0.2"])(
    "plan-report refuses format_version %s in one line naming the field and what is allowed",
    async (version) => {
      const dir = planDir(withVersion(version));
      for (const format of [[], ["--json"]]) {
        const run = await golive(["plan-report", "--output", "comment.md", ...format], { cwd: dir });
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(`plans/app-staging.json: format_version: got "${version}", allowed: 1.x`);
      }
    },
  );

  test("plan-compare refuses a plan of format 2.0 instead of answering that it may be applied", async () => {
    const dir = planDir(withVersion("1.2"));
    expect((await golive(["plan-report", "--output", "comment.md"], { cwd: dir })).code).toBe(0);
    writeFileSync(join(dir, "plans", "app-staging.json"), JSON.stringify(withVersion("2.0")));
    const run = await golive(["plan-compare", "comment.md"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toContain("may be applied");
    expect(run.stderr).toContain('format_version: got "2.0", allowed: 1.x');
  });

  test("every minor version of major 1 is read, through the plain check and zod alike", () => {
    for (const version of ["1.0", "1.1", "1.2", "1.10"]) {
      const plan = withVersion(version);
      expect(isPlanShaped(plan)).toBe(true);
      expect(PlanJson.safeParse(plan).success).toBe(true);
      expect(validatePlanData("p.json", plan).format_version).toBe(version);
    }
    for (const version of ["2.0", "10.1", "0.1", "01.2"]) {
      expect(isPlanShaped(withVersion(version))).toBe(false);
      expect(PlanJson.safeParse(withVersion(version)).success).toBe(false);
    }
  });
});
