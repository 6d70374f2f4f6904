import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText } from "./fixtures";

/** plans/ as `golive plan` leaves it when one stack could not be planned: its plan, and the other's failure. */
function plansWithAFailure(): string {
  const dir = tempDir("golive-failed-summary-");
  mkdirSync(join(dir, "plans"));
  writeFileSync(join(dir, "plans", "traffic-production.json"), fixtureText("tf-changes.json"));
  const failure = { golive_plan_failure: { stack: "secrets-production", step: "terraform plan", message: "Error: no credentials" } };
  writeFileSync(join(dir, "plans", "secrets-production.failed.json"), JSON.stringify(failure));
  return dir;
}

describe("a stack that could not be planned is in the summary", () => {
  test("the comment's table has its row, with how it failed and no counts", async () => {
    const run = await golive(["plan-report", "plans"], { cwd: plansWithAFailure() });
    expect(run.code).toBe(1);
    const rows = run.stdout.split("\n").filter((l) => l.startsWith("| `"));
    expect(rows).toEqual([
      expect.stringMatching(/^\| `traffic-production` \| /),
      "| `secrets-production` | ❌ **not planned** (failed at `terraform plan`) | ? | ? | ? | ? | ? | ? | ? |",
    ]);
  });

  test("--format json: the summary lists it with its state, beside the planned stack", async () => {
    const run = await golive(["plan-report", "plans", "--format", "json"], { cwd: plansWithAFailure() });
    expect(JSON.parse(run.stdout).summary).toEqual([
      expect.objectContaining({ stack: "traffic-production", status: "planned" }),
      { stack: "secrets-production", status: "not planned", failedAt: "terraform plan" },
    ]);
  });
});
