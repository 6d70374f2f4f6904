import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { CDKTF_PLANS, PLANS } from "./fixtures";

// docs/plan-review.md's by-hand review and compare ("Reviewed is applied"), run as written on real
// `terraform show -json` plans, outside CI (no $GITHUB_SHA): a recipe whose review names no commit is
// refused by its own compare, and this test with it.

const SHA = "0123456789abcdef0123456789abcdef01234567";

/** One recipe line as golive's argv and where its stdout goes: `npx golive <args> [> file]   # comment`. */
function recipeCommand(line: string): { args: string[]; stdoutTo?: string } {
  const words = line
    .replace(/\s+#.*$/, "")
    .replaceAll("<sha>", SHA)
    .trim()
    .split(/\s+/);
  if (words[0] !== "npx" || words[1] !== "golive" || words.some((w) => /["'$`\\]/.test(w)))
    throw new Error(`not a plain npx golive line: ${line}`);
  const redirect = words.indexOf(">");
  if (redirect === -1) return { args: words.slice(2) };
  const stdoutTo = words[redirect + 1];
  if (stdoutTo === undefined || redirect !== words.length - 2) throw new Error(`unexpected redirection: ${line}`);
  return { args: words.slice(2, redirect), stdoutTo };
}

/** The recipe: the sh block of docs/plan-review.md that compares comment.md with plans/. */
function recipe(): string[] {
  const page = readFileSync(join(REPO_ROOT, "docs", "plan-review.md"), "utf8");
  const block = [...page.matchAll(/^```sh\n([\s\S]*?)^```$/gm)]
    .map((m) => m[1] ?? "")
    .find((b) => b.includes("plan-compare comment.md plans/"));
  if (block === undefined) throw new Error("docs/plan-review.md: no sh block runs plan-compare comment.md plans/");
  return block.split("\n");
}

/** The recipe's first line that starts with `npx golive <start>`. */
function recipeLine(start: string): string {
  const line = recipe().find((l) => l.startsWith(`npx golive ${start}`));
  if (line === undefined) throw new Error(`docs/plan-review.md: the recipe has no line starting "npx golive ${start}"`);
  return line;
}

describe("docs/plan-review.md: the by-hand review and compare", () => {
  test("plan-report then plan-compare, as written, find the plans the review covers the same", async () => {
    const dir = tempDir("golive-recipe-");
    mkdirSync(join(dir, "plans"));
    cpSync(join(PLANS, "tf-changes.json"), join(dir, "plans", "app-staging.json"));
    cpSync(join(CDKTF_PLANS, "edge-production.json"), join(dir, "plans", "edge-production.json"));
    const report = recipeCommand(recipeLine("plan-report "));
    const reported = await golive(report.args, { cwd: dir, env: {} });
    expect({ code: reported.code, stderr: reported.stderr }).toEqual({ code: 0, stderr: "" });
    if (report.stdoutTo !== undefined) writeFileSync(join(dir, report.stdoutTo), reported.stdout);
    const compare = recipeCommand(recipeLine("plan-compare comment.md plans/"));
    const compared = await golive(compare.args, { cwd: dir, env: {} });
    expect(compared).toEqual({
      code: 0,
      stdout: [
        `app-staging: same as the review of ${SHA} (10 changes): may be applied`,
        `edge-production: same as the review of ${SHA} (17 changes): may be applied`,
        "",
      ].join("\n"),
      stderr: "",
    });
  });
});
