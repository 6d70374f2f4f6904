import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { setup } from "./stand-in-terraform";

/** Moves `cdktf.out/<path>` out of the project and links it back; the folder outside holds a binary plan of its own. */
function linkOut(cwd: string, path: string): string {
  const outside = join(tempDir("golive-linked-stack-"), "stk");
  renameSync(join(cwd, "cdktf.out", path), outside);
  symlinkSync(outside, join(cwd, "cdktf.out", path));
  const stackDir = path === "stacks" ? join(outside, "edge-production") : outside;
  writeFileSync(join(stackDir, "golive.tfplan"), "someone else's plan\n");
  return stackDir;
}

describe("golive plan runs Terraform only in the synth output's own stack folders", () => {
  test.each([
    ["a stack folder", "stacks/edge-production"],
    ["the stacks folder", "stacks"],
  ])("fails with exit 1 when %s is a symbolic link out of the project, touching nothing there", async (_what, path) => {
    const s = setup();
    const stackDir = linkOut(s.cwd, path);
    const before = readdirSync(stackDir).sort();
    const run = await golive(["plan", "edge-production", "--plan-dir", "newplans"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 1, stdout: "" });
    // The refusal comes before the count of stacks to plan or the plugin cache (lib/cli/commands/plan.ts).
    expect(run.stderr).toBe(
      `golive plan: cdktf.out/${path} is a symbolic link: golive plans only stack folders of the synth output itself, so it runs Terraform nowhere else; remove it, run golive synth, and plan again. Nothing was planned\n`,
    );
    expect(readFileSync(join(stackDir, "golive.tfplan"), "utf8")).toBe("someone else's plan\n");
    expect(readdirSync(stackDir).sort()).toEqual(before);
    expect(readdirSync(s.logs)).toEqual([]);
    expect(existsSync(join(s.cwd, "newplans"))).toBe(false);
  });

  test("fails with exit 1 when the manifest puts a stack in a folder that is really outside the output", async () => {
    const s = setup();
    const outside = tempDir("golive-linked-stack-");
    renameSync(join(s.cwd, "cdktf.out", "stacks", "edge-production"), join(outside, "stk"));
    symlinkSync(outside, join(s.cwd, "cdktf.out", "elsewhere"));
    const manifest = join(s.cwd, "cdktf.out", "manifest.json");
    writeFileSync(manifest, readFileSync(manifest, "utf8").replace("stacks/edge-production/", "elsewhere/stk/"));
    const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`golive plan: cdktf.out/elsewhere/stk is really ${realpathSync(outside)}/stk, outside the synth output:`);
    expect(readdirSync(s.logs)).toEqual([]);
  });

  test("fails the same with --detailed-exitcode (exit 1: 2 means changes)", async () => {
    const s = setup();
    linkOut(s.cwd, "stacks/edge-production");
    const run = await golive(["plan", "--detailed-exitcode"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("cdktf.out/stacks/edge-production is a symbolic link");
    expect(readdirSync(s.logs)).toEqual([]);
  });

  test("a stack folder of its own plans as before", async () => {
    const s = setup();
    mkdirSync(join(s.cwd, "cdktf.out", "stacks", "edge-production", ".terraform"));
    const run = await golive(["plan", "edge-production"], { cwd: s.cwd, env: { ...s.env, FAIL_STACK: "" } });
    expect(run.code).toBe(0);
    expect(readdirSync(s.logs)).toEqual(["edge-production.calls"]);
  });
});
