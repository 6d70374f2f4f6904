import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { PLANS } from "./fixtures";

const SAMPLE = join(PLANS, "sample", "edge-production.json");

describe("a review comment names what it reviewed", () => {
  test("the header names the commit, links the run and gives the time", async () => {
    const r = await golive(["plan-report", SAMPLE, "--commit", "0123456789abcdef", "--run-url", "https://github.com/o/r/actions/runs/42"], {
      cwd: tempDir("golive-prov-"),
    });
    expect(r.stdout.split("\n")[3]).toMatch(
      /^Plans of commit `0123456789abcdef` · \[CI run\]\(https:\/\/github\.com\/o\/r\/actions\/runs\/42\) · \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
  });

  test("in GitHub Actions the commit and run come from the environment", async () => {
    const env = { GITHUB_SHA: "fedcba9876543210", GITHUB_SERVER_URL: "https://github.com", GITHUB_REPOSITORY: "o/r", GITHUB_RUN_ID: "7" };
    const r = await golive(["plan-report", SAMPLE, "--json"], { cwd: tempDir("golive-prov-"), env });
    expect(JSON.parse(r.stdout)).toMatchObject({
      provenance: { commit: "fedcba9876543210", runUrl: "https://github.com/o/r/actions/runs/7", failedSteps: [] },
    });
  });

  test("a failed step still produces a comment that says the review is incomplete, and exits 1", async () => {
    const r = await golive(["plan-report", "plans", "--failed-step", "synth", "--commit", "abcdef1"], { cwd: tempDir("golive-prov-") });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("> ⚠️ **Incomplete review of `abcdef1`: `synth` failed.**");
    expect(r.stderr).toBe("plan-report: incomplete review: synth failed\n");
    // No plan at all: it says nothing was reviewed, never an empty table over "No risk flags."
    expect(r.stdout).toContain("**No plan was reviewed:**");
    expect(r.stdout).not.toContain("No risk flags.");
    expect(r.stdout).not.toContain("| stack | risk flags |");
  });

  test("fails on a commit, run URL or step name that is not one (they reach the comment)", async () => {
    const cwd = tempDir("golive-prov-");
    expect((await golive(["plan-report", SAMPLE, "--commit", "abc`\n## ok"], { cwd })).stderr).toContain("--commit: got");
    expect((await golive(["plan-report", SAMPLE, "--run-url", "javascript:alert(1)"], { cwd })).code).toBe(2);
    expect((await golive(["plan-report", SAMPLE, "--failed-step", "x\n## ok"], { cwd })).code).toBe(2);
  });
});
