import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "../../lib/cli/args";
import { COMMAND_SPECS } from "../../lib/cli/command-specs";
import { planDirFlag } from "../../lib/cli/path-flags";
import { tempDir } from "../helpers/cli";

/** planDirFlag for `golive plan <args>` in `cwd`: the folder, or the line it refuses with. */
function planDir(cwd: string, args: readonly string[] = []): string {
  try {
    return planDirFlag(
      parseArgs(["plan", ...args].slice(1), COMMAND_SPECS.plan.flags),
      "plans",
      cwd,
      join(cwd, "config"),
      join(cwd, "cdktf.out"),
    );
  } catch (err) {
    return `refused: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** What an OS or an editor leaves in a folder does not make `plans/` someone else's folder. */
describe("the plans folder and OS or editor litter", () => {
  test("a .DS_Store, Thumbs.db, desktop.ini, swap and backup files, emacs's files and a README are no reason to refuse plans/", () => {
    const cwd = tempDir("golive-plan-litter-");
    mkdirSync(join(cwd, "config"));
    const plans = join(cwd, "plans");
    mkdirSync(plans);
    for (const name of [
      ".DS_Store",
      "._production.json",
      "Thumbs.db",
      "desktop.ini",
      ".notes.md.swp",
      "notes.md~",
      "#notes.md#",
      "README.md",
    ])
      writeFileSync(join(plans, name), "x");
    symlinkSync("user@host.1234", join(plans, ".#notes.md")); // emacs's lock: a dangling link
    expect(planDir(cwd)).toBe(plans);
  });

  test("a file golive did not write in plans/ is refused without suggesting plans/ itself", () => {
    const cwd = tempDir("golive-plan-foreign-");
    mkdirSync(join(cwd, "config"));
    mkdirSync(join(cwd, "plans"));
    writeFileSync(join(cwd, "plans", "notes.txt"), "mine\n");
    expect(planDir(cwd)).toBe(
      "refused: plans holds files golive did not write (plans/notes.txt); move them out of it, or choose a folder of its own with --plan-dir, such as plans-golive",
    );
    expect(planDir(cwd, ["--plan-dir", "plans"])).toMatch(/^refused: --plan-dir: plans holds .*such as plans-golive$/);
    mkdirSync(join(cwd, "lib"));
    writeFileSync(join(cwd, "lib", "main.ts"), "export {};\n");
    expect(planDir(cwd, ["--plan-dir", "lib"])).toBe(
      "refused: --plan-dir: lib holds files golive did not write (lib/main.ts); choose a folder of its own such as plans",
    );
  });
});
