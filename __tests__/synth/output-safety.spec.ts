import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { snapshot } from "../helpers/tree-snapshot";
import { EXAMPLE_CONFIG_DIR, editedInput, REPO_ROOT, WITHOUT_STAGING } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

/** A project of its own: a git folder, the example configs, a file of the user's, a foreign folder. */
function project(): string {
  const dir = tempDir("golive-safety-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  mkdirSync(join(dir, ".git"));
  writeFileSync(join(dir, ".git", "HEAD"), "ref: refs/heads/main\n");
  writeFileSync(join(dir, "notes.md"), "my notes\n");
  mkdirSync(join(dir, "docs"));
  writeFileSync(join(dir, "docs", "a.md"), "doc\n");
  mkdirSync(join(dir, "empty-target"));
  symlinkSync(".", join(dir, "here"));
  symlinkSync("empty-target", join(dir, "link-to-empty"));
  return dir;
}

describe("synth never replaces a folder golive did not write", () => {
  const dir = project();
  const before = snapshot(dir);

  test.each([
    [".", "which golive must never replace"],
    ["config", "which golive must never replace"],
    ["..", "which golive must never replace"],
    ["notes.md", "is a file"],
    ["here", "which golive must never replace"],
    ["link-to-empty", "is a symlink"],
    ["docs", "holds files golive did not write (a.md)"],
    [".git/out", "inside a .git folder"],
  ])("fails for --output %s, naming why, and leaves every file in place", async (output, why) => {
    // The first case runs the real binary as a process; the rest run in-process (the same code, faster).
    const run =
      output === "."
        ? await spawnGolive(["synth", "--output", output], { cwd: dir })
        : await golive(["synth", "--output", output], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(why);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  test("zone --dir . and plan --synth-dir . are refused the same way", async () => {
    for (const args of [
      ["zone", "production", "--dir", "."],
      ["plan", "--synth-dir", "."],
    ]) {
      const run = await golive(args, { cwd: dir });
      expect({ args, code: run.code }).toEqual({ args, code: 2 });
      expect(run.stderr).toContain("which golive must never replace");
    }
    expect(snapshot(dir)).toEqual(before);
  });

  test("fails on an empty config folder and leaves an existing output alone", async () => {
    // An existing output (the examples' synth; synth itself is proven below and in __tests__/cli).
    const out = await copyExampleSynth(dir);
    mkdirSync(join(dir, "no-configs"));
    const synthesized = snapshot(out);
    const run = await golive(["synth", "--config-dir", "no-configs"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no environment to synthesize");
    expect(snapshot(out)).toEqual(synthesized);
  });
});

describe("synth of some environments keeps the rest", () => {
  test("synth staging keeps production's stacks and the Terraform working files of the stacks it rebuilds", async () => {
    const dir = project();
    await copyExampleSynth(dir);
    const stack = join(dir, "cdktf.out", "stacks", "edge-staging");
    mkdirSync(join(stack, ".terraform"));
    writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock\n");
    const run = await golive(["synth", "staging"], { cwd: dir });
    expect(run.code).toBe(0);
    const listed = await golive(["stacks"], { cwd: dir });
    expect(listed.stdout.trim().split("\n")).toHaveLength(13);
    expect(statSync(join(stack, ".terraform")).isDirectory()).toBe(true);
    expect(readFileSync(join(stack, ".terraform.lock.hcl"), "utf8")).toBe("# lock\n");
    expect((await golive(["check", "production"], { cwd: dir })).code).toBe(0);
  });

  test("an environment whose config file is gone loses its stacks at the next synth, and check never sees them", async () => {
    const dir = project();
    await copyExampleSynth(dir);
    rmSync(join(dir, "config", "staging.yaml"));
    writeFileSync(join(dir, "config", "production.yaml"), stringify(editedInput([WITHOUT_STAGING])));
    expect((await golive(["synth", "production"], { cwd: dir })).code).toBe(0);
    const listed = await golive(["stacks"], { cwd: dir });
    expect(listed.stdout).not.toContain("-staging");
    expect(listed.stdout).toContain("edge-production");
    const check = await golive(["check", "--compact"], { cwd: dir });
    expect(check.stdout).not.toContain("staging");
    expect(check.code).toBe(0);
  });

  test("check of the synthesized environment passes when another one was never synthesized; check of all names it", async () => {
    const dir = project();
    expect((await golive(["synth", "production"], { cwd: dir })).code).toBe(0);
    const one = await golive(["check", "production"], { cwd: dir });
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    const all = await golive(["check"], { cwd: dir });
    expect(all.code).toBe(1);
    expect(all.stderr).toBe("golive check: cdktf.out holds no synth of staging; run golive synth staging, then check again\n");
  });

  test("check fails on a synth output made from another config, and passes once synthesized again", async () => {
    const dir = project();
    await copyExampleSynth(dir);
    const file = join(dir, "config", "staging.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("policy: none", "policy: quarantine"));
    const stale = await golive(["check"], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("was synthesized from another config of staging; run golive synth staging, then check again");
    expect((await golive(["synth", "staging"], { cwd: dir })).code).toBe(0);
    expect((await golive(["check"], { cwd: dir })).code).toBe(0);
  });
});

describe("flags are read strictly", () => {
  test("fails when a value flag is followed by another flag, or a single-dash word is given", async () => {
    const dir = tempDir("golive-flags-");
    const missing = await golive(["synth", "--output", "--json"], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe("golive synth: --output needs a value\nsee: golive synth --help\n");
    const dash = await golive(["synth", "-x"], { cwd: dir });
    expect(dash.code).toBe(2);
    expect(dash.stderr).toContain("unknown option -x");
  });

  test("an unknown command is echoed escaped, never as raw terminal escapes", async () => {
    const run = await spawnGolive(["\u001b]0;pwned\u0007"], { cwd: tempDir("golive-flags-") });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).toContain("\\u001b");
  });
});

describe("a synth output is read only as what it claims to be", () => {
  test.each([
    ["{}", "no terraform block"],
    ["null", "no terraform block"],
    ["[]", "no terraform block"],
    ['{"terraform": {}, "resource": "x"}', '"resource" is not an object'],
  ])("check fails on a stack file holding %s instead of calling it READY", async (text, why) => {
    const dir = tempDir("golive-read-");
    writeFileSync(join(dir, "placeholder"), "");
    const out = join(dir, "cdktf.out");
    mkdirSync(join(out, "stacks", "edge-production"), { recursive: true });
    writeFileSync(join(out, "stacks", "edge-production", "cdk.tf.json"), text);
    writeFileSync(
      join(out, "manifest.json"),
      JSON.stringify({ stacks: { "edge-production": { synthesizedStackPath: "stacks/edge-production/cdk.tf.json" } } }),
    );
    const run = await golive(["check", "--dir", out], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(why);
  });

  test("check fails on a manifest pointing outside the output folder, without reading there", async () => {
    const dir = tempDir("golive-read-");
    const out = join(dir, "cdktf.out");
    mkdirSync(out);
    writeFileSync(
      join(out, "manifest.json"),
      JSON.stringify({ stacks: { "edge-production": { synthesizedStackPath: "../../../../etc/passwd" } } }),
    );
    const run = await golive(["check", "--dir", out], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain("has no usable synthesizedStackPath");
    expect(run.stdout + run.stderr).not.toContain("root:");
  });
});
