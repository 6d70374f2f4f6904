import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../helpers/example-config";

const read = (file: string) => readFileSync(join(REPO_ROOT, file), "utf8");

// check's SARIF locates resource findings in cdktf.out/stacks/<stack>/cdk.tf.json, the synth output, which
// the repository never commits: what the review workflow and the docs say of those locations must match.
describe("SARIF locations in the synth output are described as generated, not committed", () => {
  test("the repository ignores the synth output", () => {
    expect(read(".gitignore").split("\n")).toContain("cdktf.out/");
  });

  test("pr-review.yml and the docs say the synth output is not committed, never that the repository has it", () => {
    const workflow = read(".github/workflows/pr-review.yml");
    expect(workflow).not.toMatch(/cdktf\.out\/ files as the repository has them/);
    expect(workflow).toMatch(/cdktf\.out\/stacks\/<stack>\/cdk\.tf\.json, the synth output, which the\s+# repository does not hold/);
    expect(read("docs/readiness.md")).toMatch(/The synth output is not committed \(`\.gitignore`\)/);
    expect(read("docs/ci.md")).toMatch(/`cdktf\.out\/`, which is not committed/);
  });
});
