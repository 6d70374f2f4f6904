import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIGEST_MARKER } from "../../lib/engines/plan/comment-marks";
import { DIGEST_VERSION } from "../../lib/engines/plan/review-record";
import { golive } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";

function reviewingSection(): string {
  const readme = readFileSync(join(REPO_ROOT, "docs", "plan-review.md"), "utf8");
  const start = readme.indexOf("<!-- section:reviewing -->");
  const end = readme.indexOf("<!-- /section:reviewing -->");
  if (start === -1 || end < start) throw new Error("docs/plan-review.md has no reviewing section");
  return readme.slice(start, end);
}

/** The CI workflows page, where the workflows the review runs in are described. */
const ciPage = () => readFileSync(join(REPO_ROOT, "docs", "ci.md"), "utf8");

describe("docs/plan-review.md: Reviewing changes", () => {
  test("the sample comment is exactly what plan-report prints for the sample fixture", async () => {
    const section = reviewingSection();
    const command = /Produced by `npx golive (plan-report [^`]+)`/.exec(section)?.[1];
    expect(command).toBeDefined();
    const sample = /`````markdown\n([\s\S]*?)`````/.exec(section)?.[1];
    const run = await golive((command ?? "").split(" "), { cwd: REPO_ROOT });
    expect(run.code).toBe(0);
    expect(sample).toBe(run.stdout);
  });

  test("every digest line the page shows, the sample's and the example's, is of the digest version golive records", () => {
    const page = readFileSync(join(REPO_ROOT, "docs", "plan-review.md"), "utf8");
    const versions = [...page.matchAll(new RegExp(`${DIGEST_MARKER} \\{"v":(\\d+)`, "g"))].map((m) => Number(m[1]));
    expect(versions.length).toBeGreaterThanOrEqual(2);
    expect(versions.filter((v) => v !== DIGEST_VERSION)).toEqual([]);
  });

  test("the section names the three workflows, and each exists", () => {
    const section = ciPage();
    for (const wf of ["pr.yml", "deploy.yml", "rollback.yml"]) {
      expect(section).toContain(`.github/workflows/${wf}`);
      expect(() => readFileSync(join(REPO_ROOT, ".github", "workflows", wf))).not.toThrow();
    }
  });
});
