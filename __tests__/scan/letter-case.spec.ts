import { join } from "node:path";
import { escapeRegExp } from "../../lib/core/regexp";
import { LETTER_CASE_SECRETS, SKIPPED_IN_ANOTHER_CASE, STATE_IN_ANOTHER_CASE } from "./letter-case-files";
import { planted, plantedFinding } from "./planted-repository";

// secretlint skips what .secretlintignore lists in any letter case; the gate's refusals of a tracked
// file under a skipped path, and of a state file, must match as widely (letter-case-files.ts). The files
// are planted in the shared repository (planted-repository.ts), committed and staged, so its one scan
// (`tree history verified`) reads each in the tree and in the commit that added it.

/** The gate's refusal lines of `file`: in the tree (tracked) and in the commit that added it (history). */
function refusals(file: string, tree: string, history: string): { tree: boolean; history: boolean } {
  const { dir, run } = planted();
  return {
    tree: run.out.includes(`secret-scan: ${join(dir, file)}: ${tree}`),
    history: new RegExp(`secret-scan: [0-9a-f]{12}:${escapeRegExp(file)}: ${escapeRegExp(history)}`).test(run.out),
  };
}

describe("secret-scan gate: skipped paths and state files in another letter case", () => {
  test.each(Object.keys(SKIPPED_IN_ANOTHER_CASE))(
    "refuses %s, under a path .secretlintignore skips in another case, tracked and committed",
    (file) => {
      const under = "under a path .secretlintignore skips";
      expect(planted().run.code).toBe(1);
      expect(refusals(file, `tracked by git ${under}`, `committed ${under}`)).toEqual({ tree: true, history: true });
    },
  );

  test("secretlint skips those files, as the refusal says: neither it nor the text copies read them", () => {
    const { run } = planted();
    for (const file of Object.keys(SKIPPED_IN_ANOTHER_CASE)) {
      expect([file, plantedFinding(file)]).toEqual([file, { tree: false, history: false }]);
      expect([file, run.out.includes(`/${file}: found`)]).toEqual([file, false]); // tree or commit folder
    }
  });

  test.each(Object.keys(STATE_IN_ANOTHER_CASE))(
    "fails on the state file %s, tracked and committed, even when no rule finds its secret",
    (file) => {
      const state = "Terraform state is never committed";
      expect(planted().run.code).toBe(1);
      expect(refusals(file, `tracked by git: ${state}`, `committed: ${state}`)).toEqual({ tree: true, history: true });
      expect(plantedFinding(file)).toEqual({ tree: false, history: false }); // the refusal is its only check
    },
  );

  test("never prints what they hold", () => {
    for (const secret of LETTER_CASE_SECRETS) expect(planted().run.out).not.toContain(secret);
  });
});
