import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { initArgs } from "../init/init-args";

/** One project with one environment, `zz` (zone acme-x.dev, as initArgs writes it), synthesized once for every case. */
let synthesized: string;
beforeAll(async () => {
  synthesized = tempDir("golive-check-named-");
  expect((await golive(initArgs(), { cwd: synthesized })).code).toBe(0);
  expect((await golive(["synth", "zz"], { cwd: synthesized })).code).toBe(0);
});

/** A copy of the synthesized project that a case may change. */
function project(): string {
  const cwd = tempDir("golive-check-named-");
  cpSync(synthesized, cwd, { recursive: true });
  return cwd;
}

/** zz's config as another environment's: `edits` are [from, to] text replacements. */
function writeOther(cwd: string, env: string, edits: readonly (readonly [string, string])[]): void {
  const text = edits.reduce((t, [from, to]) => t.replaceAll(from, to), readFileSync(join(cwd, "config", "zz.yaml"), "utf8"));
  writeFileSync(join(cwd, "config", `${env}.yaml`), text.replace('environment: "zz"', `environment: "${env}"`));
}

describe("golive check <env> reads the named environment's config only", () => {
  // The real binary once (argv as a shell passes it); the other cases run the same CLI in-process.
  test("another environment's invalid config does not change check zz (the real binary); check of every environment still reports it", async () => {
    const cwd = project();
    const alone = await golive(["check", "zz", "--format", "json"], { cwd });
    expect(alone.stderr).toBe("");
    writeOther(cwd, "newenv", [
      ["plan: pro", "plan: platinum"],
      ["acme-x.dev", "newenv-x.dev"],
    ]);
    const named = await golive(["check", "zz", "--format", "json"], { cwd });
    expect(named).toEqual(alone);
    expect(JSON.parse(named.stdout).environments).toEqual(["zz"]);
    const all = await golive(["check", "--compact"], { cwd });
    expect(all.code).toBe(1);
    expect(all.stderr).toContain("config/newenv.yaml: cloudflare.plan:");
  });

  test("the stacks of an environment whose name ends in -zz are not zz's", async () => {
    const cwd = project();
    const alone = await golive(["check", "zz", "--format", "json"], { cwd });
    writeOther(cwd, "eu-zz", [["acme-x.dev", "eu-acme-x.dev"]]);
    expect((await golive(["synth"], { cwd })).code).toBe(0);
    const named = await golive(["check", "zz", "--format", "json"], { cwd });
    expect(named).toEqual(alone);
  });

  test("fails check zz when another valid config shares its zone: the checks across environments still see the other files", async () => {
    const cwd = project();
    writeOther(cwd, "twin", []);
    const run = await golive(["check", "zz", "--compact"], { cwd });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain('config/zz.yaml: cloudflare.zone.name: "acme-x.dev" is also config/twin.yaml\'s zone');
  });
});
