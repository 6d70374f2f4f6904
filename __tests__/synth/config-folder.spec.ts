import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";
import { snapshot } from "../helpers/tree-snapshot";

// `golive synth --config-dir cfg2` into the cdktf.out of config/ took every environment of config/ for
// one whose file is gone, and deleted their stacks, .terraform and lock files without a word.

/** The examples' synth of config/ with a .terraform in production's edge stack, and cfg2/ holding staging alone. */
async function project(): Promise<string> {
  const dir = tempDir("golive-config-folder-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  const out = await copyExampleSynth(dir);
  mkdirSync(join(out, "stacks", "edge-production", ".terraform"));
  writeFileSync(join(out, "stacks", "edge-production", ".terraform.lock.hcl"), "# lock\n");
  mkdirSync(join(dir, "cfg2"));
  copyFileSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "cfg2", "staging.yaml"));
  return dir;
}

const REFUSED =
  "golive synth: cdktf.out holds the 7 stacks of production, synthesized from config (their config files are there, not in cfg2); a synth from cfg2 would drop them with their .terraform and lock files, so nothing was written: synthesize cfg2 into a folder of its own (golive synth --config-dir cfg2 --output DIR)\n";

describe("a synth output is the synth of one config folder", () => {
  test("the record names the config folder relative to the output", async () => {
    const dir = await project();
    expect(JSON.parse(readFileSync(join(dir, "cdktf.out", SYNTH_RECORD), "utf8")).configDir).toBe("../config");
  });

  test("fails a synth from another folder that would drop environments still configured, writing nothing (a process)", async () => {
    const dir = await project();
    const before = snapshot(dir);
    expect(await spawnGolive(["synth", "--config-dir", "cfg2"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: REFUSED });
    // Naming the environment of cfg2 keeps the others only of cfg2: the same refusal.
    expect(await golive(["synth", "staging", "--config-dir", "cfg2"], { cwd: dir })).toEqual({ code: 2, stdout: "", stderr: REFUSED });
    expect(snapshot(dir)).toEqual(before);
    const listed = await golive(["stacks"], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("edge-production");
  });

  test("commands reading the output with another folder name the folder it came from; the synth they suggest works", async () => {
    const dir = await project();
    const stacks = await golive(["stacks", "--config-dir", "cfg2"], { cwd: dir });
    expect(stacks).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "golive stacks: cdktf.out was synthesized from config, not cfg2: it holds the stacks of production, whose config files are in config; run golive stacks, or synthesize cfg2 into a folder of its own (golive synth --config-dir cfg2 --output DIR), then golive stacks --config-dir cfg2 --dir DIR\n",
    });
    const plan = await golive(["plan", "--config-dir", "cfg2"], { cwd: dir });
    expect(plan.stderr).toContain("then golive plan --config-dir cfg2 --synth-dir DIR\n");
    expect((await golive(["synth", "--config-dir", "cfg2", "--output", "out2"], { cwd: dir })).code).toBe(0);
    const listed = await golive(["stacks", "--config-dir", "cfg2", "--dir", "out2"], { cwd: dir });
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain("edge-staging");
  });

  test("a folder that configures every environment of the output, or one whose recorded folder lost the file, synthesizes", async () => {
    const dir = await project();
    cpSync(join(dir, "config"), join(dir, "copy"), { recursive: true });
    expect((await golive(["synth", "staging", "--config-dir", "copy"], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "cdktf.out", SYNTH_RECORD), "utf8")).configDir).toBe("../copy");
    // Gone from the recorded folder too: dropped, as help says of a config file that is gone.
    rmSync(join(dir, "copy", "production.yaml"));
    const run = await golive(["synth", "--config-dir", "cfg2"], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain("production");
  });
});
