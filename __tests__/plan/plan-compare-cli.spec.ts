import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { golive, spawnGolive, tempDir } from "../helpers/cli";
import { CDKTF_PLANS, expectNoPlanted, PLANS } from "./fixtures";

const HEAD = "abcdef0123456789abcdef0123456789abcdef01";

let first: string | undefined;

/** plans/ with two real plans, and the review comment plan-report wrote for them at commit HEAD (made once, copied). */
async function reviewed(): Promise<string> {
  if (first === undefined) {
    first = tempDir("golive-plan-compare-");
    mkdirSync(join(first, "plans"));
    cpSync(join(PLANS, "tf-changes.json"), join(first, "plans", "app-staging.json"));
    cpSync(join(CDKTF_PLANS, "edge-production.json"), join(first, "plans", "edge-production.json"));
    const run = await golive(["plan-report", "--commit", HEAD, "--output", "comment.md"], { cwd: first });
    expect(run.code).toBe(0);
  }
  const dir = tempDir("golive-plan-compare-");
  cpSync(first, dir, { recursive: true });
  return dir;
}

/** Edits app-staging's plan after the review: one planned value differs. */
function changeAfterReview(dir: string): void {
  const file = join(dir, "plans", "app-staging.json");
  const plan = JSON.parse(readFileSync(file, "utf8"));
  const rc = plan.resource_changes.find((c: { address: string }) => c.address === "terraform_data.update_me");
  rc.change.after.input.replicas = 11;
  plan.timestamp = "2031-01-01T00:00:00Z";
  writeFileSync(file, JSON.stringify(plan));
}

describe("golive plan-compare", () => {
  test("as a process: exit 0 when every plan is the reviewed one, 1 naming stack and address when one differs", async () => {
    const dir = await reviewed();
    const same = await spawnGolive(["plan-compare", "comment.md", "plans", "--commit", HEAD], { cwd: dir });
    expect(same.stdout).toBe(
      [
        `app-staging: same as the review of ${HEAD} (10 changes): may be applied`,
        `edge-production: same as the review of ${HEAD} (17 changes): may be applied`,
        "",
      ].join("\n"),
    );
    expect(same.code).toBe(0);
    changeAfterReview(dir);
    const differs = await golive(["plan-compare", "comment.md", "--commit", HEAD], { cwd: dir });
    expect(differs.code).toBe(1);
    expect(differs.stdout).toContain(
      `app-staging: REFUSED: the plan differs from the review of ${HEAD}\n  changed since the review (1):\n    terraform_data.update_me (update)\n`,
    );
    expect(differs.stdout).toContain("edge-production: same as the review");
    expectNoPlanted(same.stdout, differs.stdout, differs.stderr);
  });

  test("--json gives each stack's verdict; plan-report --digest output is a review too", async () => {
    const dir = await reviewed();
    await golive(["plan-report", "--commit", HEAD, "--digest", "digest.json", "--output", "again.md"], { cwd: dir });
    changeAfterReview(dir);
    const run = await golive(["plan-compare", "digest.json", "--json"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      stacks: [
        {
          stack: "app-staging",
          status: "differs",
          perChange: true,
          changed: [{ address: "terraform_data.update_me", action: "update" }],
          added: [],
          gone: [],
          goneUnnamed: 0,
          flags: false,
        },
        { stack: "edge-production", status: "same", changes: 17 },
      ],
    });
  });

  test("fails when the review or the deploy imports by identity alone (no id) and the other does not import", async () => {
    const plain = readFileSync(join(PLANS, "tf-changes.json"), "utf8");
    const plan = JSON.parse(plain);
    plan.resource_changes.find((c: { address: string }) => c.address === "terraform_data.update_me").change.importing = {
      identity: { id: "abc" },
    };
    const importing = JSON.stringify(plan);
    for (const [review, deploy] of [
      [importing, plain],
      [plain, importing],
    ]) {
      const dir = tempDir("golive-plan-compare-");
      mkdirSync(join(dir, "plans"));
      const file = join(dir, "plans", "app-staging.json");
      writeFileSync(file, review ?? "");
      expect((await golive(["plan-report", "--commit", HEAD, "--output", "comment.md"], { cwd: dir })).code).toBe(0);
      writeFileSync(file, deploy ?? "");
      const run = await golive(["plan-compare", "comment.md", "--commit", HEAD], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stdout).toBe(
        `app-staging: REFUSED: the plan differs from the review of ${HEAD}\n  changed since the review (1):\n    terraform_data.update_me (update)\n`,
      );
    }
  });

  test("fails on a review of another commit, or a file without a review, refusing every stack with changes", async () => {
    const dir = await reviewed();
    const stale = await golive(["plan-compare", "comment.md", "--commit", "1234567"], { cwd: dir });
    expect(stale.code).toBe(1);
    expect(stale.stdout).toContain(
      `app-staging: REFUSED: 10 change(s) no review covers (the review is of commit ${HEAD}, the merged pull request's last commit is 1234567: re-run the review)`,
    );
    writeFileSync(join(dir, "empty.txt"), "\n");
    const none = await golive(["plan-compare", "empty.txt"], { cwd: dir });
    expect(none.code).toBe(1);
    expect(none.stdout).toContain("app-staging: REFUSED: 10 change(s) no review covers (no plan digest in empty.txt)");
  });

  test("fails with exit 1 on a malformed review; usage (exit 2) for a missing review file or a bad --commit", async () => {
    const dir = await reviewed();
    writeFileSync(join(dir, "bad.md"), '<!-- golive:plan-digest {"v":2,"stacks":{}} -->\n');
    const bad = await golive(["plan-compare", "bad.md"], { cwd: dir });
    expect(bad.code).toBe(1);
    // A review recorded before the digest covered sensitivity marks and risk flags covers nothing.
    expect(bad.stderr).toMatch(/^bad\.md: v: must be 5: this review was recorded by another golive version and covers nothing/);
    expect(bad.stderr).toContain("Nothing was compared.");
    expect((await golive(["plan-compare", "nope.md"], { cwd: dir })).code).toBe(2);
    expect((await golive(["plan-compare"], { cwd: dir })).code).toBe(2);
    expect((await golive(["plan-compare", "comment.md", "--commit", "main"], { cwd: dir })).stderr).toContain('--commit: got "main"');
  });

  test("fails on a missing plan path of 100,000 characters with one short line: its start and its length", async () => {
    const dir = await reviewed();
    const r = await golive(["plan-compare", "comment.md", "a".repeat(100_000)], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe(
      `golive plan-compare: no such plan file or directory: "${"a".repeat(239)}…", a value of 100,000 characters`,
    );
  });
});
