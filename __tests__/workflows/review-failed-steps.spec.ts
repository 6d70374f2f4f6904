import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseApprovals } from "../../scripts/ci/approvals";
import { reviewVerdict } from "../../scripts/ci/review-verdict";
import { golive, tempDir } from "../helpers/cli";
import { REPO_ROOT } from "../helpers/example-config";
import { writeSynthOutput } from "../helpers/synth-output";
import { fixtureText } from "../plan/fixtures";
import { activity, postingApi, pull, REPOSITORY, review, reviewRunContext } from "./github-api";
import { closeGoliveServer } from "./golive-server";
import { HEAD, isRecord, reviewWorkspace, runGithubScript, type StepRun, stepNamed, SIGN_STEP_ENV } from "./support";

// pr-review.yml when a step after the comment was rendered fails, or the plans cannot be read: what it
// posts must say the review of the head is incomplete, and no label may claim what no longer holds.
// Its steps run as the runner runs them (bash, this repository's golive in-process, the scripts as
// processes), then its last step with stand-ins for the API.
afterAll(closeGoliveServer);

const KEY = "0123456789abcdef".repeat(4);
const RUN_URL = "https://github.com/o/r/actions/runs/42";
const OUTCOMES = {
  HEAD_OUTCOME: "success",
  SCAN_OUTCOME: "success",
  CHECK_OUTCOME: "success",
  BASE_SYNTH_OUTCOME: "success",
  HEAD_SYNTH: "true",
};
const MONITORING = { resource: { aws_sns_topic: { Alerts: { name: "app-production-alerts" } } } };

interface Review {
  /** Each step's run, by name. */
  readonly runs: Readonly<Record<string, StepRun>>;
  readonly verdict: Record<string, unknown>;
  /** What the last step posted: the comment, the labels removed, the status. */
  readonly posted: { comments: string[]; removed: string[]; statuses: { state: string; description: string }[] };
  /** The full report, as the artifact uploads it. */
  readonly fullReport: string;
}

/** The report, sign and verdict steps on the pr run's `plan` for traffic-production, then the last step. */
async function runReview(plan: string, key: string, labels: readonly string[]): Promise<Review> {
  const ws = reviewWorkspace("golive-review-failed-");
  writeSynthOutput(join(ws.base, "cdktf.out"), { "monitoring-production": MONITORING });
  writeSynthOutput(join(ws.temp, "pr-data", "cdktf.out"), { "monitoring-production": MONITORING });
  mkdirSync(join(ws.temp, "pr-data", "plans"), { recursive: true });
  writeFileSync(join(ws.temp, "pr-data", "plans", "traffic-production.json"), plan);
  mkdirSync(join(ws.root, "review"));
  writeFileSync(join(ws.root, "review", "failed-steps.txt"), "");
  const job = { HEAD_SHA: HEAD, REVIEW_RUN_URL: RUN_URL };
  const runs: Record<string, StepRun> = {};
  runs.report = await ws.run(String(stepNamed("pr-review.yml", "golive plan-report").run), { ...job, ...OUTCOMES });
  runs.sign = await ws.run(String(stepNamed("pr-review.yml", "sign the plan digest").run), {
    ...job,
    PLAN_REVIEW_HMAC_KEY: key,
    ...SIGN_STEP_ENV,
  });
  runs.verdict = await ws.run(String(stepNamed("pr-review.yml", "verdict").run), {
    ...job,
    SIGN_OUTCOME: runs.sign.status === 0 ? "success" : "failure",
    PR_LABELS: JSON.stringify(labels),
  });
  const { github, posted } = postingApi();
  const post = stepNamed("pr-review.yml", "post the review comment");
  await runGithubScript(isRecord(post.with) ? String(post.with.script) : "", {
    github,
    context: reviewRunContext("o", "r"),
    core: { setFailed: () => undefined, notice: () => undefined },
    env: { ...job, GITHUB_WORKSPACE: ws.root, PR_NUMBER: "7", STALE: "false" },
  });
  const read = (f: string) => readFileSync(join(ws.root, "review", f), "utf8");
  return { runs, verdict: JSON.parse(read("verdict.json")), posted, fullReport: read("plan-report.md") };
}

describe("pr-review.yml, run: signing fails (PLAN_REVIEW_HMAC_KEY empty) after a complete, clean review was rendered", () => {
  let run: Review;
  beforeAll(async () => {
    run = await runReview(fixtureText("tf-changes.json"), "", []);
  });

  test("the sign step fails on the missing key, and the status says the review of the head is incomplete", () => {
    expect(run.runs.sign?.status).toBe(2);
    expect(run.runs.sign?.stderr).toContain("PLAN_REVIEW_HMAC_KEY: not set");
    expect(run.verdict).toMatchObject({ state: "failure", description: "incomplete review of 0123456789ab: signing the digest failed" });
  });

  test("the comment posted names the failed step and the commit, as for any failed step; so does the full report", () => {
    const incomplete = `Incomplete review of \`${HEAD}\`: \`signing the digest\` failed.`;
    expect(run.posted.comments).toHaveLength(1);
    expect(run.posted.comments[0]).toContain(incomplete);
    expect(run.posted.comments[0]).toContain("| `traffic-production` | 0 |");
    expect(run.fullReport).toContain(incomplete);
    expect(run.posted.statuses.map((s) => s.state)).toEqual(["failure"]);
  });
});

describe("pr-review.yml, run: a plan file that cannot be read leaves no label of an older head claiming acceptance", () => {
  let run: Review;
  beforeAll(async () => {
    run = await runReview('{"format_version":"1.2","resource_changes":"x"}', KEY, ["golive:risk", "golive:risks-accepted"]);
  });

  test("the verdict fails, naming the failed steps, and removes golive:risks-accepted: nothing of this head is accepted", () => {
    expect(run.verdict).toEqual({
      state: "failure",
      description: "incomplete review of 0123456789ab: plan-report (no readable plans), signing the digest failed",
      add: [],
      remove: ["golive:risks-accepted"],
    });
    expect(run.posted.removed).toEqual(["golive:risks-accepted"]);
  });

  test("the comment says the plans could not be read and nothing was signed, for the head commit", () => {
    expect(run.posted.comments[0]).toContain(
      `Incomplete review of \`${HEAD}\`: \`plan-report (no readable plans)\`, \`signing the digest\` failed.`,
    );
  });
});

describe("the review's verdict shows golive:risks-accepted only on a complete review", () => {
  test("fails an incomplete review with an approval of the head: the display label is removed, not added", async () => {
    const plan = join(REPO_ROOT, "__tests__", "fixtures", "plans", "sample", "edge-production.json");
    const report = (await golive(["plan-report", plan, "--json"], { cwd: tempDir("golive-verdict-incomplete-") })).stdout;
    const approvals = parseApprovals(
      JSON.stringify({
        repository: REPOSITORY,
        pull: pull(HEAD),
        reviews: [review(41, "bob", "APPROVED", HEAD, "2031-01-01T09:40:00Z")],
        activity: [activity(1, "alice", "branch_creation", "0".repeat(40), HEAD, "2031-01-01T09:00:00Z")],
        permissions: { bob: "write" },
      }),
    );
    const verdict = (failedSteps: readonly string[], labels: readonly string[]) =>
      reviewVerdict({ report, failedSteps, labels, commit: HEAD, approvals });
    // complete: accepted, and shown
    expect(verdict([], [])).toMatchObject({ state: "success", add: ["golive:destroy", "golive:risk", "golive:risks-accepted"] });
    // the secret scan failed: no approval accepts it (review.yml refuses its deploy), so no label says it does
    expect(verdict(["secret scan"], ["golive:risks-accepted"])).toMatchObject({
      state: "failure",
      add: ["golive:destroy", "golive:risk"],
      remove: ["golive:risks-accepted"],
    });
  });
});
