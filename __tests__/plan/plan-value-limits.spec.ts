import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { countValues } from "../../lib/core/plan/value-count";
import { MAX_CHANGE_VALUES, MAX_PLAN_VALUES } from "../../lib/engines/plan/runner/files";
import { flaggedPlan, syntheticPlan } from "../../lib/engines/plan/synthetic-plan";
import { golive, tempDir } from "../helpers/cli";

// The size limits count bytes and changes; the review's cost follows values, most of all in one change
// (one change of 12,000,000 zeros took 31 s and 3.9 GB). Counted in the bytes, before the parse.
const zeros = (n: number): string => `[${"0,".repeat(n - 1)}0]`;
const planWith = (inputs: readonly string[]): string =>
  `{"format_version":"1.2","resource_changes":[${inputs
    .map((input, i) => `{"address":"terraform_data.d${i}","change":{"actions":["create"],"after":{"input":${input}}}}`)
    .join(",")}]}`;

describe("plan value limits", () => {
  test("counts array elements and object members, naming the element holding the most", () => {
    const text = '{"a":[1,2,{"x":[]}],"resource_changes":[{"q":[1, 2 ,3]},{}],"output_changes":{"o":{"v":[1,2,3,4]},"p":1}}';
    expect(countValues(Buffer.from(text))).toEqual({ total: 20, most: 'output_changes["o"]', mostValues: 5 });
  });

  test("values in strings and in members nothing reads are not counted", () => {
    const text = `{"planned_values":{"r":${zeros(50)}},"resource_changes":[{"s":"[1,2,{\\"a\\":3}]"},{"t":[1]}]}`;
    expect(countValues(Buffer.from(text))).toEqual({ total: 7, most: "resource_changes[1]", mostValues: 2 });
  });

  test("the bench's 250,000-change plans stay well under the limits", () => {
    for (const plan of [syntheticPlan, flaggedPlan]) {
      const { total, mostValues } = countValues(Buffer.from(JSON.stringify(plan(1_000))));
      expect(total * 250).toBeLessThan(MAX_PLAN_VALUES * 0.95);
      expect(mostValues).toBeLessThan(100);
    }
  });

  test("fails on one change of more than 1,000,000 values, in one line naming it and the limit", async () => {
    const cwd = tempDir("golive-values-");
    writeFileSync(join(cwd, "edge-production.json"), planWith(["1", zeros(MAX_CHANGE_VALUES)]));
    const r = await golive(["plan-report", "edge-production.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "edge-production.json: resource_changes[1]: 1,000,006 values in one change; plan-report reviews plans of at most 200 MiB, 300,000 resource and output changes and 8,000,000 values (1,000,000 in one change)",
    );
    expect(r.stderr).toContain("No report was written.");
  });

  test("fails on a plan of more than 8,000,000 values, each change under its limit", async () => {
    const cwd = tempDir("golive-values-");
    const per = MAX_CHANGE_VALUES - 10;
    writeFileSync(join(cwd, "edge-production.json"), planWith(Array.from({ length: MAX_PLAN_VALUES / per + 1 }, () => zeros(per))));
    const r = await golive(["plan-report", "edge-production.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "edge-production.json: (root): 8,999,975 values (the most in resource_changes[0]); plan-report reviews plans",
    );
  });
});
