import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";

/**
 * `golive plan` and `golive outputs` run terraform with one provider plugin cache, TF_PLUGIN_CACHE_DIR or
 * HOME/.terraform.d/plugin-cache (docs/configuration.md). One golive cannot make or write in is a bad
 * setting: one line naming TF_PLUGIN_CACHE_DIR (or HOME), exit 2, before anything is synthesized,
 * planned or written, and before terraform would run (none is on PATH here, or a stand-in that logs).
 * A relative TF_PLUGIN_CACHE_DIR is taken from the working directory, where it was typed.
 */
const STAND_IN = `#!/bin/sh
echo "$1 cache=$TF_PLUGIN_CACHE_DIR" >> "$LOG"
case "$1" in
  init) exit 0 ;;
  output) echo '{}'; exit 0 ;;
esac
exit 64
`;

function project(): { cwd: string; env: NodeJS.ProcessEnv; log: string } {
  const cwd = tempDir("golive-plugin-cache-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
  writeFileSync(join(cwd, "passwd"), "root:x:0:0::/root:/bin/sh\n");
  symlinkSync("/dev/zero", join(cwd, "zero"));
  const bin = join(cwd, ".bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "terraform"), STAND_IN);
  chmodSync(join(bin, "terraform"), 0o755);
  const log = join(cwd, "calls.log");
  return { cwd, log, env: { PATH: `${bin}:/usr/bin:/bin`, HOME: cwd, LOG: log } };
}

const ALLOWED = "allowed: a folder golive can create or write in (Terraform's provider plugin cache)";
const listing = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

describe("the provider plugin cache is checked before anything is written", () => {
  test.each([
    ["a file", "passwd", "TF_PLUGIN_CACHE_DIR: passwd is a file, not a folder"],
    ["a device", "zero", "TF_PLUGIN_CACHE_DIR: zero is a device, not a folder"],
    ["a folder below a file", "passwd/cache", "TF_PLUGIN_CACHE_DIR: passwd/cache cannot be made: passwd is a file, not a folder"],
    [
      "a folder /proc takes no new folders in (mkdir -p there never returned)",
      "/proc/golive-cache",
      "TF_PLUGIN_CACHE_DIR: /proc/golive-cache cannot be made: cannot create a folder in /proc (the file system takes no new folders there)",
    ],
  ])(
    "fails on TF_PLUGIN_CACHE_DIR naming %s: outputs and plan exit 2 naming it, nothing written, terraform not run",
    async (_what, value, said) => {
      const s = project();
      writeSynthOutput(join(s.cwd, "cdktf.out"), { "edge-production": { terraform: {} } });
      const before = listing(s.cwd);
      const env = { ...s.env, TF_PLUGIN_CACHE_DIR: value };
      for (const command of ["outputs", "plan"]) {
        const run = await golive([command, "edge-production"], { cwd: s.cwd, env });
        expect(run).toEqual({ code: 2, stdout: "", stderr: `golive ${command}: ${said}; ${ALLOWED}\nsee: golive ${command} --help\n` });
      }
      // No plans folder, no plugin cache, no terraform run (its log).
      expect(listing(s.cwd)).toEqual(before);
    },
  );

  test("fails on plan before synthesizing: no cdktf.out, no plans folder", async () => {
    const s = project();
    const before = listing(s.cwd);
    const run = await golive(["plan"], { cwd: s.cwd, env: { ...s.env, TF_PLUGIN_CACHE_DIR: "passwd" } });
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe(`golive plan: TF_PLUGIN_CACHE_DIR: passwd is a file, not a folder; ${ALLOWED}`);
    expect(listing(s.cwd)).toEqual(before);
  });

  test("fails on a HOME the default cache cannot be made in, naming HOME and TF_PLUGIN_CACHE_DIR as the way out", async () => {
    const s = project();
    writeSynthOutput(join(s.cwd, "cdktf.out"), { "edge-production": { terraform: {} } });
    const before = listing(s.cwd);
    for (const command of ["outputs", "plan"]) {
      const run = await golive([command, "edge-production"], { cwd: s.cwd, env: { ...s.env, HOME: "/proc/golive-home" } });
      expect(run).toEqual({
        code: 2,
        stdout: "",
        stderr:
          `golive ${command}: HOME: /proc/golive-home/.terraform.d/plugin-cache cannot be made: cannot create a folder in /proc (the file system takes no new folders there); ` +
          `allowed: a HOME golive can write in (Terraform's provider plugin cache goes in HOME/.terraform.d/plugin-cache), or TF_PLUGIN_CACHE_DIR naming a folder it can\n` +
          `see: golive ${command} --help\n`,
      });
    }
    expect(listing(s.cwd)).toEqual(before);
  });

  test("a relative TF_PLUGIN_CACHE_DIR is the folder of that name in the working directory, not in the stack's folder terraform runs in", async () => {
    const s = project();
    writeSynthOutput(join(s.cwd, "cdktf.out"), { "edge-production": { terraform: {} } });
    const run = await golive(["outputs", "edge-production"], { cwd: s.cwd, env: { ...s.env, TF_PLUGIN_CACHE_DIR: "rel/cache" } });
    expect(run.code).toBe(0);
    const cache = join(s.cwd, "rel", "cache");
    expect(existsSync(cache)).toBe(true);
    expect(readFileSync(s.log, "utf8").trim().split("\n")).toEqual([`init cache=${cache}`, `output cache=${cache}`]);
    expect(existsSync(join(s.cwd, "cdktf.out", "stacks", "edge-production", "rel"))).toBe(false);
  });
});
