import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, tempDir } from "../helpers/cli";
import { PLANS } from "./fixtures";

// The audit's F2: a plan whose only change is a data source read during apply
// (__tests__/fixtures/plans/tf-reads-only.sh, Terraform 1.11.4) was "no changes: nothing to apply"
// before the review was looked at, and the deploy then ran `terraform apply golive.tfplan`, which
// performs the read (an aws_lambda_invocation data source calls its function) and writes it to state.
const COMMIT = "0123456789abcdef0123456789abcdef01234567";
const OTHER = "fedcba9876543210fedcba9876543210fedcba98";
const REFUSED = ["stack1: REFUSED: 1 change(s) no review covers", "  not reviewed (1):", "    data.terraform_remote_state.at_apply (read)"];

/**
 * One project for the file: the plan (pr/stack1.json), an empty review (empty.txt), and reviews of it
 * at another commit (other.md) and at this one (review.md). No test changes a file another reads.
 */
let dir = "";
beforeAll(async () => {
  dir = tempDir("golive-reads-only-");
  mkdirSync(join(dir, "pr"));
  copyFileSync(join(PLANS, "tf-reads-only.json"), join(dir, "pr", "stack1.json"));
  writeFileSync(join(dir, "empty.txt"), "");
  for (const [commit, output] of [
    [OTHER, "other.md"],
    [COMMIT, "review.md"],
  ] as const) {
    const run = await golive(["plan-report", "pr/stack1.json", "--commit", commit, "--output", output], { cwd: dir });
    expect(run.code).toBe(0);
  }
});

// In-process: plan-compare-cli.spec.ts and provisioners.spec.ts spawn plan-compare as a process.
describe("plan-compare: a plan of reads during apply alone may be applied only under a review of this commit", () => {
  test("fails without a review: the read is a change no review covers", async () => {
    const run = await golive(["plan-compare", "empty.txt", "pr/stack1.json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout.split("\n").slice(0, 3)).toEqual([`${REFUSED[0]} (no plan digest in empty.txt)`, ...REFUSED.slice(1)]);
  });

  test("fails with a review of another commit", async () => {
    const run = await golive(["plan-compare", "other.md", "pr/stack1.json", "--commit", COMMIT], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`${REFUSED[0]} (the review is of commit ${OTHER}, the merged pull request's last commit is ${COMMIT}`);
  });

  test("fails with a review of this commit that did not plan the stack", async () => {
    copyFileSync(join(dir, "pr", "stack1.json"), join(dir, "pr", "stack2.json"));
    const run = await golive(["plan-compare", "review.md", "pr/stack2.json", "--commit", COMMIT], { cwd: dir });
    expect([run.code, run.stdout.split("\n")[0]]).toEqual([
      1,
      "stack2: REFUSED: 1 change(s) no review covers (the review did not plan this stack)",
    ]);
  });

  test("the reviewed plan of this commit may be applied", async () => {
    const run = await golive(["plan-compare", "review.md", "pr/stack1.json", "--commit", COMMIT], { cwd: dir });
    expect([run.code, run.stdout]).toEqual([
      0,
      expect.stringMatching(/^stack1: same as the review of 0123456789abcdef\w* \(1 change\): may be applied\n$/),
    ]);
  });
});
