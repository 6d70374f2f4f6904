import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

// Fixed paths, none under config/ (the adoption guard refuses a read whose path a variable names).
const GITIGNORE = join(REPO_ROOT, ".gitignore");
const PR_REVIEW = join(REPO_ROOT, ".github", "workflows", "pr-review.yml");
const READINESS_DOC = join(REPO_ROOT, "docs", "readiness.md");
const CI_DOC = join(REPO_ROOT, "docs", "ci.md");

// check's SARIF locates resource findings in cdktf.out/stacks/<stack>/cdk.tf.json, the synth output, which
// the repository never commits: what the review workflow and the docs say of those locations must match.
describe("SARIF locations in the synth output are described as generated, not committed", () => {
  test("the repository ignores the synth output", () => {
    expect(readFileSync(GITIGNORE, "utf8").split("\n")).toContain("cdktf.out/");
  });

  test("pr-review.yml and the docs say the synth output is not committed, never that the repository has it", () => {
    const workflow = readFileSync(PR_REVIEW, "utf8");
    expect(workflow).not.toMatch(/cdktf\.out\/ files as the repository has them/);
    expect(workflow).toMatch(/each stack's cdk\.tf\.json in cdktf\.out\/, the synth output, which the\s+# repository does not hold/);
    expect(readFileSync(READINESS_DOC, "utf8")).toMatch(/The synth output is not committed \(`\.gitignore`\)/);
    expect(readFileSync(CI_DOC, "utf8")).toMatch(/`cdktf\.out\/`, which is not committed/);
  });
});
