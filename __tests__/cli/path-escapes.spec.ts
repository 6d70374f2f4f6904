import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { EXAMPLE_CONFIG_DIR } from "../helpers/example-config";

/**
 * What `golive --help` says of every flag that writes: a missing folder is created only inside the
 * working directory, a link is followed only within it, and plans go to a folder of their own. Each
 * refusal is one line naming the flag (exit 2), with nothing written anywhere.
 */
describe("write flags keep to the working directory as the help says", () => {
  const cwd = tempDir("golive-escape-");
  cpSync(EXAMPLE_CONFIG_DIR, join(cwd, "config"), { recursive: true });
  mkdirSync(join(cwd, "lib"));
  writeFileSync(join(cwd, "lib", "main.ts"), "export {};\n");
  const outside = tempDir("golive-escape-outside-");
  symlinkSync(outside, join(cwd, "lnout"));
  const missingOutside = join(tempDir("golive-escape-parent-"), "newout");
  // A config that fails to load: the flag is still judged first, as a usage error.
  mkdirSync(join(cwd, "broken"));
  writeFileSync(join(cwd, "broken", "production.yaml"), "cloudflare: { plan: gold\n");

  test.each([
    [
      ["synth", "--output", missingOutside],
      "--output",
      `the folder ${missingOutside} does not exist (golive creates a missing folder only inside the working directory)`,
    ],
    [
      ["synth", "--config-dir", "broken", "--output", missingOutside],
      "--output",
      `the folder ${missingOutside} does not exist (golive creates a missing folder only inside the working directory)`,
    ],
    [
      ["synth", "--output", "lnout/sub"],
      "--output",
      `lnout/sub leads through a symbolic link to ${join(outside, "sub")}, outside the working directory`,
    ],
    [
      ["check", "--output", "lnout/r.txt"],
      "--output",
      `lnout/r.txt leads through a symbolic link to ${join(outside, "r.txt")}, outside the working directory`,
    ],
    [
      ["plan", "--plan-dir", "lib"],
      "--plan-dir",
      "lib holds files golive did not write (lib/main.ts); choose a folder of its own such as plans",
    ],
    [["plan", "--plan-dir", "lnout/plans"], "--plan-dir", "lnout/plans leads through a symbolic link"],
    [["plan", "--plan-dir", missingOutside], "--plan-dir", `the folder ${missingOutside} does not exist`],
  ])("golive %j is refused", async (args, flag, why) => {
    const run = await golive(args, { cwd });
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 2, stderr: expect.stringContaining(why) });
    expect(run.stderr).toMatch(new RegExp(`^golive ${args[0]}: ${flag}: [^\\n]+\\n$`));
    expect(readdirSync(outside)).toEqual([]);
    expect(existsSync(missingOutside)).toBe(false);
    expect(readdirSync(join(cwd, "lib"))).toEqual(["main.ts"]);
    expect(readdirSync(cwd).sort()).toEqual(["broken", "config", "lib", "lnout"]);
  });
});
