import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { recordLine } from "../../lib/engines/plan/review-record";
import { golive, tempDir } from "../helpers/cli";
import { fixtureText } from "./fixtures";

/** A folder with a plan, and `files` written beside it. */
function folder(files: Readonly<Record<string, string>>): string {
  const dir = tempDir("golive-compare-problems-");
  writeFileSync(join(dir, "app-staging.json"), fixtureText("tf-changes.json"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("plan-compare names each problem on a line of its own, as plan-report does", () => {
  test("a review with three problems gives three lines, no literal \\n", async () => {
    const dir = folder({ "bad.json": JSON.stringify({ v: 3, stacks: { a: { digest: "x", changes: -1 } } }) });
    const run = await golive(["plan-compare", "bad.json", "app-staging.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")).toEqual([
      "bad.json: v: must be 5: this review was recorded by another golive version and covers nothing; review the pull request again",
      "bad.json: stacks.a.digest: must be a sha256 digest (64 lower-case hex digits)",
      "bad.json: stacks.a.changes: Too small: expected number to be >=0",
      "Nothing was compared.",
      "",
    ]);
  });

  test("a plan with several schema errors gives one line each", async () => {
    const broken = {
      format_version: "x",
      planned_values: {},
      resource_changes: [{ address: "a.b", mode: "bogus", type: "a", name: "b", change: { actions: "update" } }],
    };
    const review = recordLine({ v: 5, stacks: {} });
    const dir = folder({ "broken.json": JSON.stringify(broken), "comment.md": `${review}\n` });
    const run = await golive(["plan-compare", "comment.md", "broken.json"], { cwd: dir });
    expect(run.code).toBe(1);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^broken\.json: format_version: /),
      expect.stringMatching(/^broken\.json: resource_changes\[0\]\.mode: /),
      expect.stringMatching(/^broken\.json: resource_changes\[0\]\.change\.actions: /),
      "Nothing was compared.",
    ]);
    expect(run.stderr).not.toContain("\\n");
  });

  test("a digest marker without its record (a comment cut short or edited) is a damaged digest, not a missing one", async () => {
    const dir = folder({ "cut.md": "Plan review\n<!-- golive:plan-digest { -->\n" });
    const run = await golive(["plan-compare", "cut.md", "app-staging.json"], { cwd: dir });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr:
        "cut.md: holds a golive:plan-digest line that is not a digest record (<!-- golive:plan-digest {...} -->)\nNothing was compared.\n",
    });
  });

  test("a review written by an earlier digest version is refused, saying so", async () => {
    const dir = folder({ "old.md": `${recordLine({ v: 4, stacks: {} })}\n` });
    const run = await golive(["plan-compare", "old.md", "app-staging.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^old\.md: v: must be 5: this review was recorded by another golive version/);
  });
});
