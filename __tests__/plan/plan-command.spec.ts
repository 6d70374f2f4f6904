import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { recordWritten } from "../../lib/core/written-record";
import { join } from "node:path";
import { golive, spawnGolive } from "../helpers/cli";
import { CDKTF_PLANS, expectNoPlanted, PLANS } from "./fixtures";
import { maxConcurrency, planAfterSynth, planWithFailure, setup } from "./stand-in-terraform";

describe("golive plan (with a stand-in terraform on PATH)", () => {
  test("plans every synthesized stack, writes plans/<stack>.json and prints the report", async () => {
    const s = setup();
    const run = await golive(["plan"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(0);
    // .golive-written: the record that proves golive wrote these plans (Terraform's JSON), so the next run may replace them
    expect(readdirSync(join(s.cwd, "plans")).sort()).toEqual([
      ".golive-written",
      "edge-production.json",
      "email-production.json",
      "secrets-production.json",
    ]);
    expect(readFileSync(join(s.cwd, "plans", "edge-production.json"), "utf8")).toBe(
      readFileSync(join(CDKTF_PLANS, "edge-production.json"), "utf8"),
    );
    expect(run.stdout).toContain("### `edge-production`: 5 to destroy, 11 to update, 1 to create");
    expect(run.stdout).toContain("· `edge-production/Zone/Resource`");
    expect(readFileSync(join(s.logs, "edge-production.calls"), "utf8").split("\n").filter(Boolean)).toEqual([
      "init -input=false -no-color",
      "plan -input=false -no-color -out=golive.tfplan",
      "show -json -no-color golive.tfplan",
    ]);
    expect(existsSync(join(s.cwd, "cdktf.out", "stacks", "edge-production", "golive.tfplan"))).toBe(false);
  });

  test("fails with exit 1 when one stack fails, and the other stacks still get their plans", async () => {
    const { s, run } = await planWithFailure();
    expect(run.code).toBe(1);
    expect(readdirSync(join(s.cwd, "plans")).sort()).toEqual([
      ".golive-written",
      "edge-production.json",
      "email-production.failed.json",
      "secrets-production.json",
    ]);
    expect(run.stderr).toContain("email-production: FAILED at plan (credentials missing or expired?)");
    expect(run.stderr).toContain("Error: No valid credential sources found");
    expect(run.stdout).toContain("### ❌ Not planned (1)");
    expect(run.stdout).toContain("- `email-production` failed at `plan`:");
    expect(run.stdout).toContain("### `secrets-production`");
    expectNoPlanted(run.stdout, run.stderr);
  });

  test("a later plan-report over plans/ still shows the stack that could not be planned, and exits 1", async () => {
    const { s } = await planWithFailure();
    const run = await golive(["plan-report", "plans"], { cwd: s.cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain("### ❌ Not planned (1)");
    expect(run.stdout).toContain("Credentials look missing or expired");
    expect(run.stdout).toContain("### `edge-production`");
  });

  test("prints a progress line per stack and step, counting finished stacks", async () => {
    const { run } = await planWithFailure();
    const lines = run.stderr.split("\n").filter((l) => l.startsWith("plan: ["));
    for (const stack of ["edge-production", "secrets-production", "email-production"]) {
      expect(lines.some((l) => l.endsWith(`] ${stack}: init`))).toBe(true);
      expect(lines.some((l) => l.includes(`] ${stack}: plan`))).toBe(true);
    }
    expect(
      lines
        .filter((l) => / (planned in|FAILED at) /.test(l))
        .map((l) => l.slice(0, 10))
        .sort(),
    ).toEqual(["plan: [1/3", "plan: [2/3", "plan: [3/3"]);
  });

  test("never runs more stacks at once than --concurrency (default 2)", async () => {
    const s = setup("terraform", ["a-production", "b-production", "c-production", "d-production"]);
    // Plans long enough that every stack the runner starts is still running when the next one starts.
    const env = { ...s.env, PLAN_SECONDS: "0.1" };
    await golive(["plan"], { cwd: s.cwd, env });
    expect(maxConcurrency(s.logs)).toBeLessThanOrEqual(2);
    rmSync(join(s.logs, "concurrency"));
    await golive(["plan", "--concurrency", "1"], { cwd: s.cwd, env });
    expect(maxConcurrency(s.logs)).toBe(1);
  });

  test("plans only the named stacks", async () => {
    const s = setup();
    const run = await golive(["plan", "secrets-production"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(0);
    expect(readdirSync(join(s.cwd, "plans")).sort()).toEqual([".golive-written", "secrets-production.json"]);
    expect(run.stdout).not.toContain("edge-production");
  });

  test("uses TERRAFORM_BINARY_NAME (e.g. tofu) as cdktf does", async () => {
    const s = setup("tofu");
    const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: { ...s.env, TERRAFORM_BINARY_NAME: "tofu" } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("with tofu");
  });

  test("fails with exit 1 and a clear message when the binary is missing, planning nothing", async () => {
    const s = setup();
    const run = await golive(["plan"], { cwd: s.cwd, env: { ...s.env, PATH: "/nonexistent" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('"terraform" was not found on PATH');
    expect(existsSync(join(s.cwd, "plans"))).toBe(false);
  });

  test("fails with usage (exit 2) for an unknown stack or a bad --concurrency", async () => {
    const s = setup();
    const unknown = await golive(["plan", "edge-prod"], { cwd: s.cwd, env: s.env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown stack edge-prod (synthesized: edge-production, email-production, secrets-production)");
    expect((await golive(["plan", "--concurrency", "0"], { cwd: s.cwd, env: s.env })).code).toBe(2);
  });

  test("a stale plan of a stack that now fails is removed, never reported as current", async () => {
    const s = setup();
    mkdirSync(join(s.cwd, "plans"));
    // An earlier run's plan: Terraform's JSON, with the record that proves golive saved it.
    const earlier = readFileSync(join(PLANS, "tf-changes.json"), "utf8");
    writeFileSync(join(s.cwd, "plans", "email-production.json"), earlier);
    recordWritten(join(s.cwd, "plans", "email-production.json"), earlier);
    await golive(["plan"], { cwd: s.cwd, env: s.env });
    expect(existsSync(join(s.cwd, "plans", "email-production.json"))).toBe(false);
  });

  test("--detailed-exitcode, as a process: exit 2 when a plan changes something, as terraform's", async () => {
    const s = setup();
    const run = await spawnGolive(["plan", "edge-production", "--detailed-exitcode"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("### `edge-production`: 5 to destroy");
  });

  test("--detailed-exitcode: 0 when nothing changes; 1 for a failed stack and for a usage error (2 means changes)", async () => {
    const s = setup();
    const none = await golive(["plan", "email-production", "--detailed-exitcode"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(none.code).toBe(0);
    expect((await golive(["plan", "email-production", "--detailed-exitcode"], { cwd: s.cwd, env: s.env })).code).toBe(1);
    const usage = await golive(["plan", "edge-prod", "--detailed-exitcode"], { cwd: s.cwd, env: s.env });
    expect(usage).toMatchObject({ code: 1, stderr: expect.stringContaining("golive plan: unknown stack edge-prod") });
    expect((await golive(["plan", "--help"], { cwd: s.cwd })).stdout).toContain("--detailed-exitcode     exit 2 when changes are present");
  });

  test("--keep-plan-file keeps the binary plan of each planned stack for terraform apply, and none of a failed one", async () => {
    const s = setup();
    const run = await golive(["plan", "edge-production", "email-production", "--keep-plan-file"], { cwd: s.cwd, env: s.env });
    expect(run.code).toBe(1);
    const saved = (stack: string) => existsSync(join(s.cwd, "cdktf.out", "stacks", stack, "golive.tfplan"));
    expect([saved("edge-production"), saved("email-production")]).toEqual([true, false]);
    // a later plan without the flag leaves no binary plan behind, not even the earlier one
    await golive(["plan", "edge-production"], { cwd: s.cwd, env: s.env });
    expect(saved("edge-production")).toBe(false);
  });

  test("synthesizes first when cdktf.out is missing", async () => {
    const { s, run } = await planAfterSynth();
    expect(run.stderr).toContain("cdktf.out is missing; synthesizing first");
    expect(run.code).toBe(0);
    expect(readdirSync(join(s.cwd, "plans"))).toContain("edge-production.json");
  });

  test("--no-lock plans without the state lock (pull requests); refused with --keep-plan-file", async () => {
    const s = setup();
    const run = await golive(["plan", "edge-production", "--no-lock"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(0);
    expect(readFileSync(join(s.logs, "edge-production.calls"), "utf8")).toContain(
      "plan -input=false -no-color -lock=false -out=golive.tfplan",
    );
    const both = await golive(["plan", "--no-lock", "--keep-plan-file"], { cwd: s.cwd, env: s.env });
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--no-lock and --keep-plan-file together");
  });
});
