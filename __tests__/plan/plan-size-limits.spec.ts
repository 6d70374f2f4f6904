import { closeSync, openSync, ftruncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { MAX_PLAN_BYTES, MAX_PLAN_CHANGES } from "../../lib/engines/plan/runner/files";

// plan-report's budget (docs/plan-review.md: 60 s, 2 GiB): a 633 MB plan took 340 s and 2.4 GB under
// the old 1 GiB cap. Larger plans are refused in one line naming the limit.
describe("plan size limits", () => {
  test("the limits are the ones measured against the budget", () => {
    expect([MAX_PLAN_BYTES, MAX_PLAN_CHANGES]).toEqual([200 * 1024 * 1024, 300_000]);
  });

  test("fails on a plan file over 200 MiB, in one line naming the limit", async () => {
    const cwd = tempDir("golive-limits-");
    // A sparse file: its size is what is refused, before a byte is read.
    const fd = openSync(join(cwd, "edge-production.json"), "w");
    ftruncateSync(fd, MAX_PLAN_BYTES + 1);
    closeSync(fd);
    const r = await golive(["plan-report", "edge-production.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      "edge-production.json: (root): is 200 MiB; plan-report reviews plans of at most 200 MiB, 300,000 resource and output changes and 8,000,000 values (1,000,000 in one change) (its 60 s / 2 GiB budget); plan the stack in parts",
    );
  });

  test("fails on a plan of more than 300,000 resource changes, in one line naming the limit", async () => {
    const cwd = tempDir("golive-limits-");
    const changes = `[${Array.from({ length: MAX_PLAN_CHANGES + 1 }, () => "{}").join(",")}]`;
    writeFileSync(join(cwd, "edge-production.json"), `{"format_version":"1.2","planned_values":{},"resource_changes":${changes}}`);
    const r = await golive(["plan-report", "edge-production.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("edge-production.json: resource_changes: 300,001 changes; plan-report reviews plans of at most 200 MiB");
  });

  test("counts output changes too: a plan of 300,001 resource and output changes is refused, naming both members", async () => {
    const cwd = tempDir("golive-limits-");
    const half = Math.floor(MAX_PLAN_CHANGES / 2);
    const resources = `[${Array.from({ length: half }, () => "{}").join(",")}]`;
    const outputs = `{${Array.from({ length: MAX_PLAN_CHANGES + 1 - half }, (_, i) => `"o${i}":{}`).join(",")}}`;
    writeFileSync(
      join(cwd, "edge-production.json"),
      `{"format_version":"1.2","planned_values":{},"resource_changes":${resources},"output_changes":${outputs}}`,
    );
    const r = await golive(["plan-report", "edge-production.json"], { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("edge-production.json: resource_changes + output_changes: 300,001 changes; plan-report reviews plans");
  });
});
