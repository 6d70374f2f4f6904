import { golive, spawnGolive, tempDir } from "../helpers/cli";

// A bare `golive` answers as git and terraform do: the whole help on standard output, a non-zero exit (2,
// the usage code), and the help itself says so, since its exit-code list otherwise promises one line.
describe("golive with no command", () => {
  test("the real binary prints the whole help to stdout, nothing to stderr, and exits 2, as its help says", async () => {
    const cwd = tempDir("golive-no-command-");
    // The bare run is the process (the only one of no command); the help it must equal is read in-process.
    const [bare, help] = await Promise.all([spawnGolive([], { cwd }), golive(["--help"], { cwd })]);
    expect(help.code).toBe(0);
    expect(bare).toEqual({ code: 2, stdout: help.stdout, stderr: "" });
    expect(bare.stdout.replace(/\s+/g, " ")).toContain(
      "`golive` with no command at all prints this help to standard output (as git and terraform do).",
    );
  });
});
