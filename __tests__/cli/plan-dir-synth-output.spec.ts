import { mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { golive } from "../helpers/cli";
import { snapshot } from "../helpers/tree-snapshot";
import { setup } from "../plan/stand-in-terraform";

/**
 * `golive plan` never writes its plans into the synth output folder, one inside it or one holding it:
 * `golive synth` replaces that folder and refuses one holding files it did not write, so a plan (or a
 * `<stack>.failed.json`) there blocked the next synth, which blamed a file golive had written.
 */
describe("plan --plan-dir keeps out of the synth output folder", () => {
  const s = setup("terraform", ["edge-production"]);
  const before = snapshot(s.cwd);

  test("fails on a stack's folder of cdktf.out: exit 2, one line naming the flag and the folder, nothing planned or written", async () => {
    const run = await golive(["plan", "edge-production", "--plan-dir", "cdktf.out/stacks/edge-production"], {
      cwd: s.cwd,
      env: s.env,
    });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive plan: --plan-dir: cdktf.out/stacks/edge-production is inside the synth output folder cdktf.out, which golive synth replaces; choose a folder of its own such as plans\n",
    });
    expect(readdirSync(s.logs)).toEqual([]);
    expect(snapshot(s.cwd)).toEqual(before);
  });

  test.each([
    [["--plan-dir", "cdktf.out"], "--plan-dir: cdktf.out is the synth output folder, which golive synth replaces"],
    [["--plan-dir", "./cdktf.out/stacks"], "--plan-dir: cdktf.out/stacks is inside the synth output folder cdktf.out"],
    [["--plan-dir", "cdktf.out/plans"], "--plan-dir: cdktf.out/plans is inside the synth output folder cdktf.out"],
    [["--synth-dir", "build/cdktf.out", "--plan-dir", "build"], "--plan-dir: build holds the synth output folder build/cdktf.out"],
    [["--synth-dir", "plans"], "plans is the synth output folder, which golive synth replaces; choose a folder of its own with --plan-dir"],
  ])("fails on plan %j: exit 2 naming the synth output folder; nothing planned or written", async (flags, why) => {
    const run = await golive(["plan", "edge-production", ...flags], { cwd: s.cwd, env: s.env });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(`golive plan: ${why}`) });
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(readdirSync(s.logs)).toEqual([]);
    expect(snapshot(s.cwd)).toEqual(before);
  });

  test("a folder beside the synth output, such as cdktf.out-plans, is a folder of its own: plans go there", async () => {
    mkdirSync(join(s.cwd, "cdktf.out-plans"));
    const run = await golive(["plan", "edge-production", "--plan-dir", "cdktf.out-plans"], { cwd: s.cwd, env: s.env });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: expect.stringContaining("plan: [1/1] edge-production") });
    expect(readdirSync(join(s.cwd, "cdktf.out-plans"))).toContain("edge-production.json");
  });
});

/**
 * The same for the report files check, plan and plan-report write (--output, --full-report, --digest):
 * one left in the synth output made the next synth refuse the folder (the audit's check --output
 * cdktf.out/report.txt).
 */
describe("report files keep out of the synth output folder", () => {
  const s = setup("terraform", ["edge-production"]);
  const before = snapshot(s.cwd);

  test("fails check --output cdktf.out/report.txt: exit 2, one line, nothing checked or written", async () => {
    const run = await golive(["check", "--dir", "cdktf.out", "--output", "cdktf.out/report.txt"], { cwd: s.cwd, env: s.env });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive check: --output: cdktf.out/report.txt is inside the synth output folder cdktf.out, which golive synth replaces; write it elsewhere\n",
    });
    expect(snapshot(s.cwd)).toEqual(before);
  });

  test.each([
    [
      ["check", "--dir", "build", "--output", "build/stacks/r.md"],
      "golive check: --output: build/stacks/r.md is inside the synth output folder build",
    ],
    [
      ["plan-report", ".fixtures/edge-production.json", "--output", "cdktf.out/comment.md"],
      "golive plan-report: --output: cdktf.out/comment.md is inside the synth output folder cdktf.out",
    ],
    [
      ["plan-report", ".fixtures/edge-production.json", "--synth-dir", "out", "--digest", "out/d.json"],
      "golive plan-report: --digest: out/d.json is inside the synth output folder out",
    ],
    [
      ["plan", "edge-production", "--full-report", "cdktf.out/full.md"],
      "golive plan: --full-report: cdktf.out/full.md is inside the synth output folder cdktf.out",
    ],
  ])("fails %j: exit 2 naming the flag and the synth output folder; nothing written", async (args, why) => {
    const run = await golive(args, { cwd: s.cwd, env: s.env });
    expect({ code: run.code, line: run.stderr.split("\n")[0] }).toEqual({ code: 2, line: expect.stringContaining(why) });
    expect(readdirSync(s.logs)).toEqual([]);
    expect(snapshot(s.cwd)).toEqual(before);
  });
});
