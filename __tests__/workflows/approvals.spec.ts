import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnCollect, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { parseApprovals, riskAcceptance } from "../../scripts/ci/approvals";
import { reviewVerdict } from "../../scripts/ci/review-verdict";
import { activity, type ApprovalsScene, approvalsScript, pull, review, runApprovalsStep, user } from "./github-api";
import { stepNamed } from "./support";

// An APPROVED review whose commit_id is the reviewed head accepts that head's risk flags, when its
// author has write access, is neither the pull request's author nor pushed to its branch, and has not
// requested changes or been dismissed since. pr-review.yml and review.yml read it all from the API.
// One pull request's history: alice opens #7 on A, pushes B, bob (write) approves B.
const A = "a".repeat(40);
const B = "b".repeat(40);
const M = "d".repeat(40);
const ZERO = "0".repeat(40);

const OPENED = activity(1, "alice", "branch_creation", ZERO, A, "2026-03-02T10:00:00Z");
const PUSHED_B = activity(2, "alice", "push", A, B, "2026-03-02T10:30:00Z");
const BOB_APPROVES_B = review(11, "bob", "APPROVED", B, "2026-03-02T10:40:00Z");
const scene = (head: string, more: Partial<ApprovalsScene> = {}): ApprovalsScene => ({
  pull: pull(head, { labels: ["golive:risk", "golive:risks-accepted"] }),
  reviews: [review(10, "carol", "COMMENTED", A, "2026-03-02T10:10:00Z"), BOB_APPROVES_B],
  // newest first, as GitHub lists them; another branch's push is not this pull request's
  activity: [PUSHED_B, activity(3, "dave", "push", ZERO, M, "2026-03-02T10:35:00Z", "refs/heads/other"), OPENED],
  permissions: { bob: "write", carol: "write", mallory: "write", erin: "read", frank: "admin" },
  ...more,
});
const REPORT = JSON.stringify({
  totals: { delete: 0, replace: 0 },
  riskCount: 9,
  failures: [],
  stacks: [{ stack: "secrets-production", risks: [] }],
});
const verdictOn = (commit: string, text: string | undefined) =>
  reviewVerdict({
    report: REPORT,
    failedSteps: [],
    labels: ["golive:risk", "golive:risks-accepted"],
    commit,
    approvals: parseApprovals(text),
  });

describe("an approval of the reviewed commit accepts its risk flags (scripts/ci/approvals.ts)", () => {
  test("the approvals step records the pull request, its reviews, every move of its branch and each approver's permission, from the API", async () => {
    const { text, asked, warnings } = await runApprovalsStep("pr-review.yml", scene(B));
    const raw = JSON.parse(text ?? "null");
    expect(Object.keys(raw).sort()).toEqual(["activity", "permissions", "pull", "repository", "reviews"]);
    expect(raw.activity.map((a: { id: number }) => a.id)).toEqual([2, 1]); // the branch's own, as the API filtered them
    expect(raw.permissions).toEqual({ bob: "write" }); // approvers only
    expect(asked).toEqual(["reviews", "GET /repos/{owner}/{repo}/activity", "permission bob"]);
    expect(warnings).toEqual([]);
    expect(parseApprovals(text)).toEqual({
      number: 7,
      author: "alice",
      branch: "feature",
      reviews: [
        { login: "carol", bot: false, state: "COMMENTED", commit: A },
        { login: "bob", bot: false, state: "APPROVED", commit: B },
      ],
      permissions: { bob: "write" },
      pushes: [
        { actor: "alice", bot: false, after: B },
        { actor: "alice", bot: false, after: A },
      ],
    });
    expect(riskAcceptance(parseApprovals(text), B)).toEqual({ state: "accepted", by: ["bob"] });
  });

  test("the audit's case: with runs deleted, an earlier head force-pushed back is accepted by neither the label nor bob's approval of B", async () => {
    // alice deletes the pr runs (write access suffices) and force-pushes A back; the label bob once added stays
    const back = scene(A, { activity: [activity(4, "alice", "force_push", B, A, "2026-03-02T10:50:00Z"), PUSHED_B, OPENED] });
    const onA = await runApprovalsStep("pr-review.yml", back);
    expect(verdictOn(A, onA.text)).toEqual({
      state: "failure",
      description:
        "9 risk flag(s) of aaaaaaaaaaaa not accepted: no approval of aaaaaaaaaaaa (approvals of other commits do not carry over)",
      add: [],
      remove: ["golive:risks-accepted"], // a display only: removed while nothing accepts
    });
    const onB = await runApprovalsStep("pr-review.yml", scene(B));
    expect(verdictOn(B, onB.text)).toEqual({
      state: "success",
      description: "1 stack(s) reviewed at bbbbbbbbbbbb; 9 risk flag(s) accepted by bob (approval)",
      add: [],
      remove: [],
    });
  });

  test("fails when the reviewer pushed to the branch: mallory pushes to alice's pull request, then approves it", async () => {
    const hijacked = scene(M, {
      reviews: [BOB_APPROVES_B, review(12, "mallory", "APPROVED", M, "2026-03-02T11:05:00Z")],
      activity: [activity(5, "mallory", "push", B, M, "2026-03-02T11:00:00Z"), PUSHED_B, OPENED],
    });
    const { text, asked } = await runApprovalsStep("pr-review.yml", hijacked);
    expect(asked).toContain("permission mallory");
    expect(riskAcceptance(parseApprovals(text), M)).toEqual({ state: "refused", reason: "mallory: pushed to feature" });
  });

  test("fails when an app pushed to the branch: mallory's workflow pushes M to alice's pull request with its token, then mallory approves M", async () => {
    // the audit's case: the push's actor is github-actions[bot], which names no person, so mallory is no pusher
    const viaToken = scene(M, {
      reviews: [review(12, "mallory", "APPROVED", M, "2026-03-02T11:05:00Z")],
      activity: [activity(5, "github-actions[bot]", "push", B, M, "2026-03-02T11:00:00Z"), PUSHED_B, OPENED],
      permissions: { mallory: "write" },
    });
    const refused = {
      state: "refused",
      reason: "github-actions[bot] pushed dddddddddddd to feature: an app's push names no person, so no approval accepts what it brought",
    };
    for (const file of ["pr-review.yml", "review.yml"]) {
      const { text } = await runApprovalsStep(file, viaToken);
      expect(riskAcceptance(parseApprovals(text), M)).toEqual(refused);
    }
    // a later head built on it by alice is not accepted either, whoever approves it; nor is any app's push (actor type Bot)
    const onTop = scene(B, { activity: [PUSHED_B, activity(5, "github-actions[bot]", "push", A, M, "2026-03-02T10:20:00Z"), OPENED] });
    expect(riskAcceptance(parseApprovals((await runApprovalsStep("pr-review.yml", onTop)).text), B)).toMatchObject({
      state: "refused",
      reason: expect.stringContaining("github-actions[bot] pushed dddddddddddd"),
    });
    const app = { ...activity(5, "deploy-helper", "push", B, M, "2026-03-02T11:00:00Z"), actor: { ...user("deploy-helper"), type: "Bot" } };
    const byApp = await runApprovalsStep("pr-review.yml", { ...viaToken, activity: [app, PUSHED_B, OPENED] });
    expect(riskAcceptance(parseApprovals(byApp.text), M)).toMatchObject({
      state: "refused",
      reason: expect.stringContaining("deploy-helper pushed"),
    });
  });

  test("fails on an app's approval, the author's, read access, and an approval with changes requested or dismissed since", async () => {
    const reviews = [
      review(20, "github-actions[bot]", "APPROVED", B, "2026-03-02T10:41:00Z"),
      review(21, "alice", "APPROVED", B, "2026-03-02T10:42:00Z"),
      review(22, "erin", "APPROVED", B, "2026-03-02T10:43:00Z"),
      review(23, "bob", "APPROVED", B, "2026-03-02T10:44:00Z"),
      review(24, "bob", "CHANGES_REQUESTED", B, "2026-03-02T10:45:00Z"),
      { ...review(25, "frank", "APPROVED", B, "2026-03-02T10:46:00Z"), state: "DISMISSED" },
      review(26, "carol", "PENDING", B, ""),
    ];
    const { text, asked } = await runApprovalsStep(
      "review.yml",
      scene(B, { reviews, permissions: { alice: "admin", erin: "read", bob: "write", frank: "admin" } }),
    );
    expect(asked.filter((a) => a.startsWith("permission"))).toEqual(["permission alice", "permission erin", "permission bob"]); // no app, no pending
    expect(riskAcceptance(parseApprovals(text), B)).toEqual({
      state: "refused",
      reason: "github-actions[bot]: an app, not a person; alice: the author; erin: read access, not write; bob: changes requested since",
    });
  });

  test("a comment after an approval leaves it standing; every approval that counts is named, case-insensitively", async () => {
    const reviews = [
      BOB_APPROVES_B,
      review(30, "Frank", "APPROVED", B, "2026-03-02T10:50:00Z"),
      review(31, "bob", "COMMENTED", B, "2026-03-02T10:55:00Z"),
    ];
    const { text } = await runApprovalsStep("pr-review.yml", scene(B, { reviews, permissions: { bob: "write", Frank: "admin" } }));
    expect(riskAcceptance(parseApprovals(text), B)).toEqual({ state: "accepted", by: ["bob", "frank"] });
  });

  test("fails when who pushed is not known: a fork's branch, an activity log that cannot be read or shows no push of the head", async () => {
    const fork = await runApprovalsStep("pr-review.yml", { ...scene(B), pull: pull(B, { fork: true }) });
    expect(JSON.parse(fork.text ?? "null").activity).toBeNull();
    expect(riskAcceptance(parseApprovals(fork.text), B)).toEqual({
      state: "refused",
      reason: "who pushed to feature is not known (a fork's branch, or GitHub's activity log was not readable)",
    });
    const unreadable = await runApprovalsStep("pr-review.yml", scene(B, { failing: "activity" }));
    expect(unreadable.warnings).toEqual([
      "the approvals of #7 could not be read (Resource not accessible by integration): no risk flag is accepted",
    ]);
    expect(riskAcceptance(parseApprovals(unreadable.text), B)).toEqual({
      state: "refused",
      reason: "the approvals could not be read (see the run's log)",
    });
    const short = await runApprovalsStep("pr-review.yml", scene(B, { activity: [OPENED] }));
    expect(riskAcceptance(parseApprovals(short.text), B)).toEqual({
      state: "refused",
      reason: "GitHub's activity log shows no push of bbbbbbbbbbbb to feature",
    });
  });

  test("the approvals step is the same in pr-review.yml's two jobs and in review.yml (only its inputs differ)", () => {
    const script = approvalsScript("pr-review.yml");
    expect(approvalsScript("review.yml")).toBe(script);
    expect(String(stepNamed("pr-review.yml", "the open pull request of the branch").id)).toBe("pull");
    // the approval job's copy: the same text, its own inputs
    const yaml = readFileSync(join(REPO_ROOT, ".github", "workflows", "pr-review.yml"), "utf8");
    const indented = script
      .trimEnd()
      .split("\n")
      .map((l) => (l ? `            ${l}` : l))
      .join("\n");
    expect(yaml.split(indented).length - 1).toBe(2);
  });
});

describe("scripts/ci/plan-review-verdict.ts --approvals, as pr-review.yml runs it", () => {
  test("the label alone (added by a reviewer before the head moved) passes nothing, and is removed", async () => {
    const dir = tempDir("golive-verdict-");
    mkdirSync(join(dir, "review"));
    const file = (name: string) => join(dir, "review", name);
    writeFileSync(file("plan-report.json"), REPORT);
    writeFileSync(file("failed-steps.txt"), "");
    writeFileSync(file("approvals.json"), (await runApprovalsStep("pr-review.yml", scene(A, { reviews: [BOB_APPROVES_B] }))).text ?? "");
    const args = ["--commit", A, "--report", file("plan-report.json"), "--failed-steps", file("failed-steps.txt")];
    const rest = ["--labels", '["golive:risks-accepted"]', "--approvals", file("approvals.json"), "--output", file("verdict.json")];
    const register = join(REPO_ROOT, "lib", "runtime", "register-ts.js");
    const script = join(REPO_ROOT, "scripts", "ci", "plan-review-verdict.ts");
    const out = await spawnCollect(process.execPath, ["-r", register, script, ...args, ...rest], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin" },
    });
    expect({ code: out.code, stderr: out.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(readFileSync(file("verdict.json"), "utf8"))).toMatchObject({ state: "failure", remove: ["golive:risks-accepted"] });
    expect(stepNamed("pr-review.yml", "verdict").run).toContain("--approvals ../review/approvals.json");
  });
});
