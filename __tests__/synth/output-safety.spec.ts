import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import { stringify } from "yaml";
import { type CliRun, golive, tempDir } from "../helpers/cli";
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
    ["config/sub", "config/sub is inside the config folder (config)"],
    ["here/config/sub", "here/config/sub is inside the config folder (config)"],
  ])("fails for --output %s, naming why, and leaves every file in place", async (output, why) => {
    // In-process: synth runs as a process of bin/golive.js in __tests__/init/next-steps.spec.ts.
    const run = await golive(["synth", "--output", output], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(why);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(snapshot(dir)).toEqual(before);
  });

  test("zone --dir, check --dir and plan --synth-dir are refused the same way; a missing folder outside is never made", async () => {
    const elsewhere = tempDir("golive-elsewhere-");
    for (const [args, why] of [
      [["synth", "--output", join(elsewhere, "a", "out")], `--output: the folder ${join(elsewhere, "a")} does not exist`],
      [["zone", "production", "--dir", "."], "which golive must never replace"],
      [["plan", "--synth-dir", "."], "which golive must never replace"],
      [["zone", "production", "--dir", "config/z"], "--dir: config/z is inside the config folder"],
      [["check", "production", "--dir", "config/c"], "--dir: config/c is inside the config folder"],
      [["zone", "production", "--dir", join(elsewhere, "b", "z")], `--dir: the folder ${join(elsewhere, "b")} does not exist`],
      [["check", "production", "--dir", join(elsewhere, "b", "c")], `--dir: the folder ${join(elsewhere, "b")} does not exist`],
    ] as const) {
      const run = await golive(args, { cwd: dir });
      expect({ args, code: run.code, stderr: run.stderr }).toEqual({ args, code: 2, stderr: expect.stringContaining(why) });
    }
    expect(snapshot(dir)).toEqual(before);
    expect(readdirSync(elsewhere)).toEqual([]);
  });

  test("fails on an empty config folder and leaves an existing output alone", async () => {
    // An existing output (the examples' synth; synth itself is proven below and in __tests__/cli).
    const out = await copyExampleSynth(dir);
    mkdirSync(join(dir, "no-configs"));
    const synthesized = snapshot(out);
    const run = await golive(["synth", "--config-dir", "no-configs"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("golive synth: no-configs holds no config file; write one with golive init <env> --config-dir no-configs\n");
    expect(snapshot(out)).toEqual(synthesized);
  });
});

describe("synth never deletes a file of the user's inside its output folder, at any depth", () => {
  test.each([
    ["notes.md", "notes.md"],
    ["stacks/NOTES.md", "stacks/NOTES.md"],
    ["stacks/edge-staging/overrides/override.tf.json", "stacks/edge-staging/overrides/"],
    ["stacks/old-stack/main.tf", "stacks/old-stack/"],
    ["stacks/edge-staging/mine.txt", "stacks/edge-staging/mine.txt"],
    ["stacks/edge-staging/terraform.tfstate", "stacks/edge-staging/terraform.tfstate"],
  ])("fails when cdktf.out holds %s, naming it, and leaves every file in place", async (file, named) => {
    const dir = project();
    const out = await copyExampleSynth(dir);
    mkdirSync(dirname(join(out, file)), { recursive: true });
    writeFileSync(join(out, file), "{}\n");
    const before = snapshot(dir);
    const run = await golive(["synth", "staging"], { cwd: dir });
    expect(run.stderr).toBe(
      `golive synth: cdktf.out holds files golive did not write (${named}): synth replaces the whole folder, so move them out of it, or choose an empty or new folder\n`,
    );
    expect(run.code).toBe(2);
    expect(snapshot(dir)).toEqual(before);
  });

  test("fails when a stack's cdk.tf.json is a symbolic link, naming it", async () => {
    const dir = project();
    const out = await copyExampleSynth(dir);
    const stackFile = join(out, "stacks", "edge-staging", "cdk.tf.json");
    rmSync(stackFile);
    symlinkSync(join(dir, "notes.md"), stackFile);
    const before = snapshot(dir);
    const run = await golive(["synth", "--output", "cdktf.out"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--output: cdktf.out holds files golive did not write (stacks/edge-staging/cdk.tf.json, a symbolic link)");
    expect(snapshot(dir)).toEqual(before);
  });
});

describe("synth into a folder at another depth", () => {
  test("creates the missing build/ inside the project, and local state still lives in the project root", async () => {
    const dir = project();
    const run = await golive(["synth", "staging", "--output", "build/out"], { cwd: dir });
    expect(run.stderr).not.toContain("ENOENT");
    expect(run.code).toBe(0);
    const stackDir = join(dir, "build", "out", "stacks", "edge-staging");
    const stack = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    const path: string = stack.terraform.backend.local.path;
    expect(resolve(stackDir, path)).toBe(join(realpathSync(dir), "terraform.edge-staging.tfstate"));
    expect(readdirSync(join(dir, "build"))).toEqual(["out"]);
  });
});

describe("synth of some environments keeps the rest", () => {
  /**
   * One project for two claims: an output made from another config of staging, with the Terraform
   * working files and binary plans a run leaves in staging's edge stack; check sees the stale synth,
   * then synth staging rebuilds it.
   */
  let made: Promise<{ dir: string; stack: string; stale: CliRun; synth: CliRun }> | undefined;
  const rebuilt = () =>
    (made ??= (async () => {
      const dir = project();
      await copyExampleSynth(dir);
      const file = join(dir, "config", "staging.yaml");
      writeFileSync(file, readFileSync(file, "utf8").replace("policy: none", "policy: quarantine"));
      const stack = join(dir, "cdktf.out", "stacks", "edge-staging");
      mkdirSync(join(stack, ".terraform"));
      writeFileSync(join(stack, ".terraform", "terraform.tfstate"), "{}\n");
      writeFileSync(join(stack, ".terraform.lock.hcl"), "# lock\n");
      // What runs leave, and the next synth of the stack drops: golive plan --keep-plan-file's, cdktf diff's
      for (const f of ["golive.tfplan", "plan"]) writeFileSync(join(stack, f), "binary plan\n");
      const stale = await golive(["check"], { cwd: dir });
      return { dir, stack, stale, synth: await golive(["synth", "staging"], { cwd: dir }) };
    })());

  test("synth staging keeps production's stacks and the Terraform working files of the stacks it rebuilds", async () => {
    const { dir, stack, synth } = await rebuilt();
    expect(synth.code).toBe(0);
    expect(existsSync(join(stack, "golive.tfplan")) || existsSync(join(stack, "plan"))).toBe(false);
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
    const { dir, stale, synth } = await rebuilt();
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("was synthesized from another config of staging; run golive synth staging, then check again");
    expect(synth.code).toBe(0);
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

  // In-process: the real binary refuses unknown commands in __tests__/cli/synth.spec.ts; the echo is runCli's.
  test("an unknown command is echoed escaped, never as raw terminal escapes", async () => {
    const run = await golive(["\u001b]0;pwned\u0007"], { cwd: tempDir("golive-flags-") });
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

  test.each([
    ["a stack's cdk.tf.json", join("stacks", "edge-production", "cdk.tf.json"), "is a symbolic link"],
    ["manifest.json", "manifest.json", "is a symbolic link"],
    ["a stack's folder", join("stacks", "edge-production"), "leads to"],
  ])(
    "check fails when %s is a symbolic link out of the output folder, naming it, without quoting what is there",
    async (_what, linked, why) => {
      const dir = tempDir("golive-read-");
      const outside = tempDir("golive-outside-");
      const secret = '{"terraform": {}, "root:x:0:0": "planted-secret-8d1f"}\n';
      writeFileSync(join(outside, "cdk.tf.json"), secret);
      const out = join(dir, "cdktf.out");
      mkdirSync(join(out, "stacks", "edge-production"), { recursive: true });
      writeFileSync(join(out, "stacks", "edge-production", "cdk.tf.json"), '{"terraform": {}}\n');
      writeFileSync(
        join(out, "manifest.json"),
        JSON.stringify({ stacks: { "edge-production": { synthesizedStackPath: "stacks/edge-production/cdk.tf.json" } } }),
      );
      rmSync(join(out, linked), { recursive: true });
      symlinkSync(linked.endsWith(".json") ? join(outside, "cdk.tf.json") : outside, join(out, linked));
      const run = await golive(["check", "--dir", out], { cwd: dir });
      expect(run.code).toBe(1);
      // Named as paths are shown: relative to the working directory.
      expect(run.stderr).toContain(`${join("cdktf.out", linked.endsWith(".json") ? linked : join(linked, "cdk.tf.json"))}: ${why}`);
      if (why === "leads to") expect(run.stderr).toContain("outside the folder");
      expect(run.stdout + run.stderr).not.toContain("planted-secret");
    },
  );

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
