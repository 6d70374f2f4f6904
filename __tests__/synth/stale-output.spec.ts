import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";
import { SYNTH_RECORD } from "../../lib/engines/synth/record";
import { type CliRun, golive, tempDir } from "../helpers/cli";
import { failureJson } from "../cli/failure-json";
import { EXAMPLE_CONFIG_DIR, editedInput, REPO_ROOT, WITHOUT_STAGING } from "../helpers/example-config";
import { copyExampleSynth } from "../helpers/example-synth";

/** A project with the example configs and runbooks, and the examples' synth output as cdktf.out. */
async function synthesizedProject(): Promise<string> {
  const dir = tempDir("golive-stale-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
  await copyExampleSynth(dir);
  return dir;
}

/** A copy of `dir`'s cdktf.out as `<dir>/<copy>` without `stacks` (manifest entry and folder), golive.json untouched. */
function copyWithout(dir: string, copy: string, stacks: readonly string[]): void {
  const out = join(dir, copy);
  cpSync(join(dir, "cdktf.out"), out, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(out, "manifest.json"), "utf8"));
  for (const name of stacks) {
    delete manifest.stacks[name];
    rmSync(join(out, "stacks", name), { recursive: true });
  }
  writeFileSync(join(out, "manifest.json"), JSON.stringify(manifest, null, 2));
}

const lacks = (out: string, command: string, stacks: string) =>
  `golive ${command}: ${out} lacks ${stacks}, which golive synth wrote for production; run golive synth production --output ${out}, then ${command} again\n`;

describe("a synth output missing a stack golive synth wrote is stale for every command", () => {
  let made: Promise<string> | undefined;
  /** The audit's output: edge-production and monitoring-production deleted from a copy, its golive.json kept. */
  const project = () =>
    (made ??= (async () => {
      const dir = await synthesizedProject();
      copyWithout(dir, "t", ["edge-production", "monitoring-production"]);
      copyWithout(dir, "m", ["monitoring-production"]);
      return dir;
    })());

  test("fails check of it, with the config unchanged, naming the missing stacks and the synth to run", async () => {
    const dir = await project();
    const run = await golive(["check", "production", "--dir", "t"], { cwd: dir });
    expect(run).toEqual({ code: 1, stdout: "", stderr: lacks("t", "check", "edge-production, monitoring-production") });
    const all = await golive(["check", "--dir", "t"], { cwd: dir });
    expect(all).toEqual({ code: 1, stdout: "", stderr: lacks("t", "check", "edge-production, monitoring-production") });
  });

  test("fails stacks, plan, verify and zone of it the same way; stacks of another environment are still listed", async () => {
    const dir = await project();
    const runs: Record<string, CliRun> = {
      stacks: await golive(["stacks", "--dir", "t"], { cwd: dir }),
      plan: await golive(["plan", "--synth-dir", "t"], { cwd: dir }),
      verify: await golive(["verify", "production", "--dir", "t", "--dry-run"], { cwd: dir }),
      // Its edge stack is there, so zone reads the output instead of synthesizing again.
      zone: await golive(["zone", "production", "--dir", "m", "--set", "dkim_tokens=a,b,c"], { cwd: dir }),
    };
    expect(runs).toEqual({
      stacks: { code: 1, stdout: "", stderr: lacks("t", "stacks", "edge-production, monitoring-production") },
      plan: { code: 1, stdout: "", stderr: `${lacks("t", "plan", "edge-production, monitoring-production")}Nothing was planned.\n` },
      verify: { code: 1, stdout: "", stderr: `${lacks("t", "verify", "edge-production, monitoring-production")}Nothing was probed.\n` },
      zone: { code: 1, stdout: "", stderr: `${lacks("m", "zone", "monitoring-production")}No zone was printed.\n` },
    });
    const staging = await golive(["stacks", "staging", "--dir", "t"], { cwd: dir });
    expect(staging).toMatchObject({ code: 0, stderr: "" });
    expect(staging.stdout).toContain("edge-staging\n");
  });

  test("fails check of an output holding a stack golive synth did not write for the environment", async () => {
    const dir = await project();
    const out = join(dir, "x");
    cpSync(join(dir, "cdktf.out"), out, { recursive: true });
    const record = JSON.parse(readFileSync(join(out, SYNTH_RECORD), "utf8"));
    record.stacks.production = record.stacks.production.filter((s: string) => s !== "traffic-production");
    writeFileSync(join(out, SYNTH_RECORD), JSON.stringify(record));
    expect(await golive(["check", "production", "--dir", "x"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "golive check: x holds traffic-production, which golive synth did not write for production; run golive synth production --output x, then check again\n",
    });
  });

  test("a synth of another environment keeps the stack list recorded for the one it carries over", async () => {
    const dir = await synthesizedProject();
    copyWithout(dir, "t", ["monitoring-production"]);
    expect((await golive(["synth", "staging", "--output", "t"], { cwd: dir })).code).toBe(0);
    expect(await golive(["check", "production", "--dir", "t"], { cwd: dir })).toEqual({
      code: 1,
      stdout: "",
      stderr: lacks("t", "check", "monitoring-production"),
    });
  });

  test("an output of an older golive, whose record lists no stacks, is compared by its configs only", async () => {
    const dir = await project();
    const out = join(dir, "old");
    cpSync(join(dir, "cdktf.out"), out, { recursive: true });
    const { stacks: _listed, ...older } = JSON.parse(readFileSync(join(out, SYNTH_RECORD), "utf8"));
    writeFileSync(join(out, SYNTH_RECORD), JSON.stringify(older));
    const run = await golive(["check", "production", "--dir", "old", "--compact"], { cwd: dir });
    expect(run).toMatchObject({ code: 0, stderr: "" });
  });
});

describe("the stacks of an environment whose config file is gone are stale", () => {
  const GONE = "cdktf.out holds the stacks of staging, whose config file is gone (any golive synth drops them); run golive synth";
  let made: Promise<string> | undefined;
  /** Both environments synthesized (production not deployed after staging), then staging's config removed. */
  const project = () =>
    (made ??= (async () => {
      const dir = tempDir("golive-gone-");
      mkdirSync(join(dir, "config"));
      cpSync(join(EXAMPLE_CONFIG_DIR, "staging.yaml"), join(dir, "config", "staging.yaml"));
      writeFileSync(join(dir, "config", "production.yaml"), stringify(editedInput([WITHOUT_STAGING])));
      cpSync(join(REPO_ROOT, "runbooks"), join(dir, "runbooks"), { recursive: true });
      const synth = await golive(["synth"], { cwd: dir });
      if (synth.code !== 0) throw new Error(`golive synth exited ${synth.code}: ${synth.stderr}`);
      rmSync(join(dir, "config", "staging.yaml"));
      return dir;
    })());

  test("check of every environment refuses instead of saying READY without them", async () => {
    const run = await golive(["check"], { cwd: await project() });
    expect(run).toEqual({ code: 1, stdout: "", stderr: `golive check: ${GONE}, then check again\n` });
  });

  test("check, zone and plan of that environment refuse in one line; verify calls it unknown", async () => {
    const dir = await project();
    const runs = {
      check: await golive(["check", "staging"], { cwd: dir }),
      zone: await golive(["zone", "staging"], { cwd: dir }),
      plan: await golive(["plan", "edge-staging"], { cwd: dir }),
      verify: await golive(["verify", "staging", "--dry-run"], { cwd: dir }),
    };
    expect(runs).toEqual({
      check: { code: 1, stdout: "", stderr: `golive check: ${GONE}, then check again\n` },
      zone: { code: 1, stdout: "", stderr: `golive zone: ${GONE}, then zone again\nNo zone was printed.\n` },
      plan: { code: 1, stdout: "", stderr: `golive plan: ${GONE}, then plan again\nNothing was planned.\n` },
      verify: {
        code: 2,
        stdout: "",
        stderr: 'golive verify: unknown environment "staging" (allowed: production)\nsee: golive verify --help\n',
      },
    });
  });

  test("stacks lists none of it: refused for all environments, listed for one that has its config", async () => {
    const dir = await project();
    expect(await golive(["stacks"], { cwd: dir })).toEqual({ code: 1, stdout: "", stderr: `golive stacks: ${GONE}, then stacks again\n` });
    const json = await golive(["stacks", "staging", "--json"], { cwd: dir });
    expect(json).toMatchObject({ code: 1, stdout: failureJson(json) });
    const production = await golive(["stacks", "production"], { cwd: dir });
    expect(production).toMatchObject({ code: 0, stderr: "" });
    expect(production.stdout.trim().split("\n")).toHaveLength(7);
    expect(production.stdout).not.toContain("staging");
  });

  test("check of the environment that has its config is not held up by the one that lost it", async () => {
    const run = await golive(["check", "production", "--compact"], { cwd: await project() });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain("READY");
  });
});

describe("a golive.json that is not golive's record fails closed", () => {
  const damaged = async (text: string): Promise<string> => {
    const dir = await synthesizedProject();
    writeFileSync(join(dir, "cdktf.out", SYNTH_RECORD), text);
    return dir;
  };

  test.each([
    ["of another shape", '{"environments": 5}', "is not the record golive synth writes (environments: "],
    ["a list", "[]", "is not the record golive synth writes ("],
    ["not JSON", "{", "cannot read cdktf.out/golive.json: "],
  ])(
    "%s: check and stacks stop naming it and the synth to run, where they used to skip every staleness check",
    async (_kind, text, says) => {
      const dir = await damaged(text);
      for (const command of ["check", "stacks"]) {
        const run = await golive([command, "production"], { cwd: dir });
        expect([command, run.code, run.stdout]).toEqual([command, 1, ""]);
        expect(run.stderr).toMatch(new RegExp(`^golive ${command}: .*; run golive synth again\\n$`));
        expect(run.stderr).toContain(says);
      }
    },
  );

  test("a synth of one environment repairs it: the other environment then reads as never synthesized there", async () => {
    const dir = await damaged("{");
    expect(await golive(["synth", "staging"], { cwd: dir })).toMatchObject({ code: 0 });
    expect(JSON.parse(readFileSync(join(dir, "cdktf.out", SYNTH_RECORD), "utf8")).environments).toEqual({ staging: expect.any(String) });
    const production = await golive(["check", "production"], { cwd: dir });
    expect(production).toEqual({
      code: 1,
      stdout: "",
      stderr: "golive check: cdktf.out holds no synth of production; run golive synth production, then check again\n",
    });
  });
});

describe("the synth a stale output asks for reads and writes the folders the command did", () => {
  test("check --config-dir g --dir o names --config-dir g --output o (a bare golive synth would read config/ and write cdktf.out)", async () => {
    const dir = await synthesizedProject();
    cpSync(join(dir, "config"), join(dir, "g"), { recursive: true });
    cpSync(join(dir, "cdktf.out"), join(dir, "o"), { recursive: true });
    const file = join(dir, "g", "production.yaml");
    writeFileSync(file, readFileSync(file, "utf8").replace("securityContact: security@example.com", "securityContact: sec@example.com"));
    const run = await golive(["check", "production", "--config-dir", "g", "--dir", "o"], { cwd: dir });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "golive check: o was synthesized from another config of production; run golive synth production --config-dir g --output o, then check again\n",
    });
  });
});
