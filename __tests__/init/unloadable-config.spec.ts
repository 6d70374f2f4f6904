import { appendFileSync, copyFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { initArgs } from "./init-args";

/** `init <env>` in its own zone `acme-<env>.dev` (initArgs writes zz in acme-x.dev). */
function initEnv(env: string, zone = `acme-${env}.dev`, extra: readonly string[] = []): string[] {
  const args = initArgs({ domain: zone, hostname: `chat.${zone}` });
  args[1] = env;
  return [...args, ...extra];
}

const THEN =
  "Init compares each other config's zone, app, OIDC provider and promotion order with the new environment's, so make it load first";

describe("golive init: another config that does not load stops init before anything is asked or written", () => {
  test("fails on qa's own zone while qa's file is broken YAML, naming qa's file and its first error (the real binary)", async () => {
    const cwd = tempDir("golive-init-unloadable-");
    expect((await golive(initEnv("qa"), { cwd })).code).toBe(0);
    appendFileSync(join(cwd, "config", "qa.yaml"), "bad: [\n");
    const run = await spawnGolive(initEnv("uat", "acme-qa.dev"), { cwd });
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^golive init: config\/qa\.yaml does not load: not valid YAML: [^\n]*at line \d+, column \d+\. /);
    expect(run.stderr).toContain(`${THEN} (golive synth lists every error); nothing was written\n`);
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(run.code).toBe(1);
    expect(readdirSync(join(cwd, "config"))).toEqual(["qa.yaml"]);
  });

  test("fails whatever the domain while a config fails validation, naming the field, with the folder in the command", async () => {
    const cwd = tempDir("golive-init-unloadable-");
    expect((await golive(initEnv("qa", undefined, ["--config-dir", "envs"]), { cwd })).code).toBe(0);
    appendFileSync(join(cwd, "envs", "qa.yaml"), "colour: blue\n");
    const run = await golive(initEnv("uat", undefined, ["--config-dir", "envs"]), { cwd });
    expect(run).toMatchObject({ code: 1, stdout: "" });
    // The loader's own words for the field in between (they may name the schema), then init's.
    expect(run.stderr).toMatch(/^golive init: envs\/qa\.yaml does not load: colour: unknown key [^\n]*\. /);
    expect(run.stderr).toContain(`. ${THEN} (golive synth --config-dir envs lists every error); nothing was written\n`);
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(existsSync(join(cwd, "envs", "uat.yaml"))).toBe(false);
  });

  test("fails on two files for one environment, naming both", async () => {
    const cwd = tempDir("golive-init-unloadable-");
    expect((await golive(initEnv("qa"), { cwd })).code).toBe(0);
    copyFileSync(join(cwd, "config", "qa.yaml"), join(cwd, "config", "qa.yml"));
    const run = await golive(initEnv("uat"), { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      'golive init: config/qa.yml does not load: a second config file for environment "qa" (also config/qa.yaml); allowed: one file per environment, so remove or rename one. ',
    );
    expect(existsSync(join(cwd, "config", "uat.yaml"))).toBe(false);
  });

  test("on a terminal, nothing is asked", async () => {
    const cwd = tempDir("golive-init-unloadable-");
    expect((await golive(initEnv("qa"), { cwd })).code).toBe(0);
    appendFileSync(join(cwd, "config", "qa.yaml"), "bad: [\n");
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end("acme-uat.dev\n");
    const run = await golive(["init", "uat"], { cwd, stdin });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^golive init: config\/qa\.yaml does not load: /);
    expect(run.stderr).not.toContain("Domain");
  });
});
