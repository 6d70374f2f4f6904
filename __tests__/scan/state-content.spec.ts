import { join } from "node:path";
import { escapeRegExp } from "../../lib/core/regexp";
import { planted } from "./planted-repository";
import { STATE_BY_CONTENT, STATE_BY_NAME, STATE_LOOK_ALIKES, STATE_MARKED_BINARY, STATE_SECRETS } from "./state-forms";

// Terraform state refused whatever its name (state-forms.ts): by a name holding .tfstate and anything
// after it (terraform.tfstate~), or by its content. Planted in the shared repository
// (planted-repository.ts), tracked and committed, so its one scan reads each in the tree and in history.

/** Whether the gate refuses `file` as tracked (tree) and as committed (history), with `why` after it. */
function refused(file: string, why: string): { tree: boolean; history: boolean } {
  const { dir, run } = planted();
  return {
    tree: run.out.includes(`secret-scan: ${join(dir, file)}: tracked by git${why}`),
    history: new RegExp(`secret-scan: [0-9a-f]{12}:${escapeRegExp(file)}: committed${escapeRegExp(why)}`).test(run.out),
  };
}

describe("secret-scan gate: Terraform state under any name", () => {
  test.each(Object.keys(STATE_BY_NAME))("fails on %s, named as state, tracked and committed", (file) => {
    expect(planted().run.code).toBe(1);
    expect(refused(file, ":")).toEqual({ tree: true, history: true });
  });

  test.each(Object.keys(STATE_BY_CONTENT))("fails on %s, state by its content, tracked and committed", (file) => {
    expect(refused(file, ", and holds Terraform state")).toEqual({ tree: true, history: true });
  });

  test.each(Object.keys(STATE_MARKED_BINARY))(
    "fails on %s, state by its content though a .gitattributes line calls it binary, tracked and committed",
    (file) => {
      expect(refused(file, ", and holds Terraform state")).toEqual({ tree: true, history: true });
    },
  );

  test("never prints the state's secret", () => {
    for (const secret of STATE_SECRETS) expect(planted().run.out).not.toContain(secret);
  });

  test.each(Object.keys(STATE_LOOK_ALIKES))("passes %s: a plan, code or notes about state, another lineage", (file) => {
    const { run } = planted();
    expect(run.out).not.toMatch(new RegExp(`${escapeRegExp(file)}: (?:tracked by git|committed)`));
  });
});
