import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

describe("a long failure never pushes the risk flags out of the comment", () => {
  test("over GitHub's limit, each not-planned message is cut to its beginning and every flag stays (the full report keeps it whole)", async () => {
    const dir = plansWithAFailure();
    // A failure as long as a plan's error output can be: 8 lines of 20,000 characters.
    const message = ["Error: reading state: AccessDenied", ...Array.from({ length: 8 }, (_, i) => `${i}:${"x".repeat(20_000)}`)].join("\n");
    const failure = { golive_plan_failure: { stack: "secrets-production", step: "terraform plan", message } };
    writeFileSync(join(dir, "plans", "secrets-production.failed.json"), JSON.stringify(failure));
    writeFileSync(join(dir, "plans", "edge-production.json"), fixtureText("tf-destroys.json"));
    const run = await golive(["plan-report", "plans", "--output", "comment.md", "--full-report", "full.md"], { cwd: dir });
    expect(run.code).toBe(1);
    const comment = readFileSync(join(dir, "comment.md"), "utf8");
    const full = readFileSync(join(dir, "full.md"), "utf8");
    const flags = (md: string) => md.split("\n").filter((l) => l.startsWith("- **")).length;
    expect(flags(full)).toBeGreaterThan(0);
    expect(flags(comment)).toBe(flags(full));
    expect(comment).toContain("Error: reading state: AccessDenied");
    expect(comment).toMatch(/… [\d,]+ more characters of this message in the full report\./);
    expect(comment).not.toContain("cut at GitHub's comment limit");
    expect(full).toContain(`7:${"x".repeat(20_000)}`);
  });
});
