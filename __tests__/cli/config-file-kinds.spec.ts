import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

// A config file that is a named pipe or a folder exited 1 (as an invalid config) while one linked out of
// the config folder exited 2: both are files golive will not read, refused before any work, so both are
// refused alike, in one line naming the file, exit 2 (golive --help), whichever environment is named.

const KINDS: readonly (readonly [string, (file: string) => void, string])[] = [
  ["a named pipe", (file) => execFileSync("mkfifo", [file]), "a named pipe"],
  ["a folder", (file) => mkdirSync(file), "a folder"],
];

function project(make: (file: string) => void): string {
  const dir = tempDir("golive-config-kind-");
  cpSync(EXAMPLE_CONFIG_DIR, join(dir, "config"), { recursive: true });
  make(join(dir, "config", "qa.yaml"));
  return dir;
}

describe("a config file that is no regular file", () => {
  test.each(KINDS)("fails on %s as config/qa.yaml: one line naming it, exit 2, nothing written (a process)", async (_what, make, kind) => {
    const dir = project(make);
    const run = await spawnGolive(["synth"], { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive synth: config/qa.yaml is ${kind}, not a regular file; not read: a config must be a YAML or JSON file\n`,
    });
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });

  test.each(KINDS)("fails on %s for every command that reads configs, whichever environment is named", async (_what, make, kind) => {
    const dir = project(make);
    const line = `config/qa.yaml is ${kind}, not a regular file; not read: a config must be a YAML or JSON file\n`;
    for (const args of [
      ["synth", "production"],
      ["check"],
      ["zone", "qa"],
      ["verify", "qa", "--dry-run"],
      ["secrets", "list", "production"],
      ["plan"],
    ]) {
      const run = await golive(args, { cwd: dir });
      expect({ args, code: run.code, stderr: run.stderr.split("\n").at(-2) }).toEqual({
        args,
        code: 2,
        stderr: `golive ${args[0]}: ${line.trimEnd()}`,
      });
    }
    // terraform's -detailed-exitcode keeps 2 for "changes present": every refusal is 1 there.
    expect((await golive(["plan", "--detailed-exitcode"], { cwd: dir })).code).toBe(1);
    expect(existsSync(join(dir, "cdktf.out"))).toBe(false);
  });
});
