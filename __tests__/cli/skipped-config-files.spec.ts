import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

// A config folder holding only `staging.YAML` or an editor's `staging.yaml~` said "no environment to
// synthesize" without naming either file: the user could not tell why their config was not read.

function project(files: readonly string[]): string {
  const dir = tempDir("golive-skipped-");
  mkdirSync(join(dir, "config"));
  for (const f of files) copyFileSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", f));
  return dir;
}

describe("config files synth passes over are named", () => {
  test("fails on a folder of staging.YAML and staging.yaml~ naming both and what is allowed (a process)", async () => {
    const dir = project(["staging.YAML", "staging.yaml~"]);
    writeFileSync(join(dir, "config", "README.md"), "not a config\n");
    const run = await spawnGolive(["synth"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive synth: config holds no config file (skipped staging.YAML, staging.yaml~; allowed: <environment>.yaml, .yml, .json, the extension in lower case, such as staging.yaml); write one with golive init <env>\n",
    });
  });

  test("fails on many skipped files naming five and counting the rest", async () => {
    const dir = project(["a.YML", "b.Json", "c.json.bak", "d.yml.orig", "e.yaml.swp", "f.YAML", "g.yaml~"]);
    const run = await golive(["synth"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("(skipped a.YML, b.Json, c.json.bak, d.yml.orig, e.yaml.swp and 2 more; allowed: ");
  });

  test("the right name it gives as an example is the user's own file's, never one of golive's examples", async () => {
    const dir = project(["uat.YAML", "uat.json.bak"]);
    const run = await golive(["check"], { cwd: dir });
    expect(run.stderr).toBe(
      "golive check: config holds no config file (skipped uat.YAML, uat.json.bak; allowed: <environment>.yaml, .yml, .json, the extension in lower case, such as uat.yaml); write one with golive init <env>\n",
    );
    const odd = await golive(["check"], { cwd: project([".x.yaml.swp"]) });
    expect(odd.stderr).toContain("(skipped .x.yaml.swp; allowed: <environment>.yaml, .yml, .json, the extension in lower case); write");
  });

  test("an empty folder says only what to add", async () => {
    const dir = project([]);
    const run = await golive(["synth"], { cwd: dir });
    expect(run).toMatchObject({ code: 2, stderr: "golive synth: config holds no config file; write one with golive init <env>\n" });
  });

  test("check names them too when the folder holds nothing else, with synth's exit code", async () => {
    const dir = project(["staging.YAML"]);
    const run = await golive(["check"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "golive check: config holds no config file (skipped staging.YAML; allowed: <environment>.yaml, .yml, .json, the extension in lower case, such as staging.yaml); write one with golive init <env>\n",
    });
  });
});

describe("a file passed over for its name is named where environments are listed", () => {
  test("fails golive synth uat naming config/uat.YAML and the name it would be read under", async () => {
    const dir = project(["staging.yaml", "uat.YAML"]);
    expect(await golive(["synth", "uat"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'golive synth: unknown environment "uat" (allowed: staging); config/uat.YAML is not read, for its name: rename it uat.yaml\nsee: golive synth --help\n',
    });
  });

  test.each([
    ["check", ["check", "uat"]],
    ["zone", ["zone", "uat"]],
    ["verify", ["verify", "uat", "--dry-run"]],
    ["release", ["release", "status", "uat"]],
    ["preflight", ["preflight", "uat"]],
    ["secrets", ["secrets", "list", "uat"]],
  ])("golive %s uat names config/uat.YAML too", async (_, args) => {
    const run = await golive(args, { cwd: project(["staging.yaml", "uat.YAML"]) });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'unknown environment "uat" (allowed: staging); config/uat.YAML is not read, for its name: rename it uat.yaml\n',
    );
  });

  test("synth notes it, but not an editor's copy of a file it reads", async () => {
    const dir = project(["staging.yaml", "uat.YAML", "staging.yaml~"]);
    const run = await golive(["synth", "staging"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain("note: config/uat.YAML is not read, for its name: rename it uat.yaml\n");
    expect(run.stderr).not.toContain("staging.yaml~");
  });
});
