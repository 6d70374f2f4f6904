import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../helpers/cli";
import { checkReviewData } from "../../scripts/ci/review-data";
import { HEAD } from "./support";

// What pr-review.yml does with the pr run's unpacked artifact before the default branch's golive reads it
// (scripts/ci/plan-review-data.ts; it runs as a process in plan-review.spec.ts).
const expected = { commit: HEAD, pullRequest: "7", conclusion: "success" };

/** An unpacked artifact as pr.yml uploads it, with `files` added (path -> text). */
function data(files: Record<string, string> = {}, meta: { commit?: string; pullRequest?: string; failed?: string } = {}): string {
  const dir = tempDir("golive-review-data-");
  const all: Record<string, string> = {
    "review-data/head-sha": `${meta.commit ?? HEAD}\n`,
    "review-data/pull-request": `${meta.pullRequest ?? "7"}\n`,
    "review-data/failed-steps": meta.failed ?? "",
    "plans/email-production.json": "{}",
    "cdktf.out/manifest.json": "{}",
    "config/production.yaml": "app: x\n",
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

describe("scripts/ci/review-data.ts: the pr run's data, checked before it is read", () => {
  test("complete data of the run's commit and pull request: nothing failed, nothing removed", () => {
    const dir = data();
    expect(checkReviewData(dir, expected)).toEqual({ failedSteps: [], problems: [] });
    expect(readdirSync(dir).sort()).toEqual(["cdktf.out", "config", "plans", "review-data"]);
  });

  test("the pr run's failed steps are kept; a name plan-report would refuse, or too many, become one step that says so", () => {
    const dir = data({}, { failed: "synth\nplan (staging)\n\nplan `x` <b>\n" });
    expect(checkReviewData(dir, { ...expected, conclusion: "failure" }).failedSteps).toEqual([
      "synth",
      "plan (staging)",
      "pr step (unreadable name)",
    ]);
    const many = data({}, { failed: Array.from({ length: 25 }, (_, i) => `plan (e${i})`).join("\n") });
    expect(checkReviewData(many, expected).failedSteps).toHaveLength(21);
  });

  test("a failed run that names no failed step is named by its conclusion", () => {
    expect(checkReviewData(data(), { ...expected, conclusion: "cancelled" }).failedSteps).toEqual(["pr workflow (cancelled)"]);
    expect(checkReviewData(data(), { ...expected, conclusion: "bad value!" }).failedSteps).toEqual(["pr workflow (unknown)"]);
  });

  test("no data: the review says it is missing, and the run's conclusion", () => {
    const missing = join(tempDir("golive-review-data-"), "nothing");
    expect(checkReviewData(missing, { ...expected, conclusion: "failure" }).failedSteps).toEqual([
      "pr data (missing)",
      "pr workflow (failure)",
    ]);
  });

  test("links, unknown top-level entries and non-plan files in plans/ are removed, named, and make the data invalid", () => {
    const dir = data({ "extra/run.sh": "#!/bin/sh\n", "plans/notes.txt": "x" });
    symlinkSync("/etc/hostname", join(dir, "config", "staging.yaml"));
    symlinkSync("/etc", join(dir, "cdktf.out", "stacks"));
    const result = checkReviewData(dir, expected);
    expect(result.failedSteps).toEqual(["pr data (invalid)"]);
    expect([...result.problems].sort()).toEqual([
      "cdktf.out/stacks: a symbolic link (removed)",
      "config/staging.yaml: a symbolic link (removed)",
      "extra: not part of pr.yml's data (removed)",
      "plans/notes.txt: not a plan JSON file (removed)",
    ]);
    for (const gone of ["extra", "plans/notes.txt", "config/staging.yaml", "cdktf.out/stacks"])
      expect([gone, existsSync(join(dir, gone))]).toEqual([gone, false]);
    expect(existsSync(join(dir, "plans", "email-production.json"))).toBe(true);
  });

  test("data of another commit or pull request is removed whole: nothing of it is reviewed or signed", () => {
    for (const meta of [{ commit: "1".repeat(40) }, { pullRequest: "8" }]) {
      const dir = data({}, meta);
      const result = checkReviewData(dir, expected);
      expect(result.failedSteps).toEqual(["pr data (of another commit or pull request)"]);
      expect(result.problems.at(-1)).toMatch(/: nothing of it is reviewed$/);
      expect(readdirSync(dir)).toEqual([]);
    }
  });
});
