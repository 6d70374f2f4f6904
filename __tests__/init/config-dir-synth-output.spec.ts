import { cpSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { copyExampleSynth } from "../helpers/example-synth";
import { snapshot } from "../helpers/tree-snapshot";
import { initArgs } from "./init-args";

const ALLOWED = "which golive synth replaces whole; allowed: a folder of its own outside it, such as config";

/** A config put into a synth output folder is a file synth did not write: the next synth refuses the folder. */
describe("init --config-dir is never a synth output folder nor inside one", () => {
  test.each([
    ["cdktf.out", "cdktf.out is the synth output folder"],
    [
      "cdktf.out/stacks/edge-production/.terraform",
      "cdktf.out/stacks/edge-production/.terraform is inside the synth output folder cdktf.out",
    ],
    ["link-to-out", "link-to-out is the synth output folder"],
    ["other-out/conf", "other-out/conf is inside the synth output folder other-out"],
    ["cdk-only/conf", "cdk-only/conf is inside the synth output folder cdk-only"],
  ])("fails with exit 2 for --config-dir %s, writing nothing", async (given, why) => {
    const cwd = tempDir("golive-init-synth-out-");
    await copyExampleSynth(cwd);
    symlinkSync("cdktf.out", join(cwd, "link-to-out"));
    // Another name: golive's record marks it; cdktf's manifest alone (a `cdktf synth` output) too.
    cpSync(join(cwd, "cdktf.out"), join(cwd, "other-out"), { recursive: true });
    mkdirSync(join(cwd, "cdk-only"));
    writeFileSync(join(cwd, "cdk-only", "manifest.json"), '{"version":"0.21.0","stacks":{}}\n');
    const before = snapshot(cwd);
    const run = await golive([...initArgs(), "--config-dir", given], { cwd });
    expect(run).toEqual({ code: 2, stdout: "", stderr: `golive init: --config-dir: ${why}, ${ALLOWED}\n` });
    expect(snapshot(cwd)).toEqual(before);
  });

  test("fails with exit 2 inside the default cdktf.out before any synth made it", async () => {
    const cwd = tempDir("golive-init-synth-out-");
    const run = await golive([...initArgs(), "--config-dir", "cdktf.out/config"], { cwd });
    expect(run.stderr).toBe(`golive init: --config-dir: cdktf.out/config is inside the synth output folder cdktf.out, ${ALLOWED}\n`);
    expect(run.code).toBe(2);
    expect(existsSync(join(cwd, "cdktf.out"))).toBe(false);
  });

  test("a folder beside a manifest.json that is no synth's (a web app's) is written into", async () => {
    const cwd = tempDir("golive-init-synth-out-");
    mkdirSync(join(cwd, "web"));
    writeFileSync(join(cwd, "web", "manifest.json"), '{"name":"my app","icons":[]}\n');
    const run = await golive([...initArgs(), "--config-dir", "web/config"], { cwd });
    expect(run.code).toBe(0);
    expect(existsSync(join(cwd, "web", "config", "zz.yaml"))).toBe(true);
  });
});
