import { readFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

// terraform answers -v, -version and --version alike; golive's -v was an unknown command, and
// `--version extra` printed the version as if the extra word were not there.

const PKG_VERSION = (JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string }).version;

describe("version flags", () => {
  const dir = tempDir("golive-version-");

  test("-v names the version as --version does (a process)", async () => {
    const run = await spawnGolive(["-v"], { cwd: dir });
    expect(run).toEqual({ code: 0, stdout: `golive ${PKG_VERSION}\n`, stderr: "" });
  });

  test.each([["-version"], ["-V"], ["version"]])("%s names the version", async (flag) => {
    expect(await golive([flag], { cwd: dir })).toEqual({ code: 0, stdout: `golive ${PKG_VERSION}\n`, stderr: "" });
  });

  test.each([
    [["--version", "extra"], "extra"],
    [["-v", "--json"], "--json"],
    [["version", "check"], "check"],
  ])("fails on %j: extra arguments are a usage error, one line and the pointer", async (args, extra) => {
    const run = await golive(args, { cwd: dir });
    expect(run).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive: ${args[0]} takes no arguments (got ${JSON.stringify(extra)})\nsee: golive --help\n`,
    });
  });
});
