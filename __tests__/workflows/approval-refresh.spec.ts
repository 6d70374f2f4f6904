import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { COMMENT_MARKER } from "../../lib/engines/plan";
import { type FlagsRecord, flagsRecordOf } from "../../scripts/ci/flags-record";
import { refreshVerdict } from "../../scripts/ci/gate";
import { parseApprovals } from "../../scripts/ci/approvals";
import { signComment } from "../../scripts/ci/signature";
import { activity, approvalsApi, BRANCH, pull, REPOSITORY, review } from "./github-api";
import { closeGoliveServer, REAL_NODE } from "./golive-server";
import {
  HEAD,
  isRecord,
  jobsOf,
  reviewedDigestLine,
  reviewWorkspace,
  runGithubScript,
  sharedStep,
  stepNamed,
  stepsIn,
  workflow,
  REVIEW_RUN,
} from "./support";

afterAll(closeGoliveServer);

// An approval does not run pr.yml again. pr-approval.yml (pull_request_review) does nothing but complete;
// pr-review.yml's `approval` job, the default branch's, then sets golive/plan-review of the head from
// the flags pr-review signed for it and the approvals now.
const KEY = "7c".repeat(32);
const RUN_URL = "https://github.com/example-org/opsbot/actions/runs/43";
const REPORT = JSON.stringify({
  totals: {},
  riskCount: 2,
  failures: [],
  stacks: [
    {
      stack: "access-production",
      errored: false,
      risks: [
        { rule: "oidc-trust-moved", address: "aws_iam_role.deploy", detail: "environment:production -> ref:refs/heads/main" },
        { rule: "wildcard-action", address: "aws_iam_role_policy.deploy", detail: 'Action: "*"' },
      ],
    },
  ],
});
const COMPLETE = flagsRecordOf(REPORT, []) as FlagsRecord;
const comment = (flags: FlagsRecord, commit = HEAD) =>
  signComment(`${COMMENT_MARKER}\n## golive plan review\n\n${reviewedDigestLine(["access-production"])}\n`, commit, KEY, flags, REVIEW_RUN);
const PUSHES = [
  activity(2, "mallory", "push", "a".repeat(40), HEAD, "2031-01-01T09:30:00Z"),
  activity(1, "alice", "branch_creation", "0".repeat(40), "a".repeat(40), "2031-01-01T09:00:00Z"),
];

interface Published {
  statuses: { sha: string; state: string; context: string; description: string }[];
  added: string[];
  removed: string[];
  gate: string;
}

const scriptOf = (name: string) => {
  const step = stepNamed("pr-review.yml", name);
  return isRecord(step.with) ? String(step.with.script) : String(step.run);
};

/** The verify step, run once per candidate comments and head: the approvals of one review share it. */
const verifyStep = sharedStep(["review/flags.json"]);

/** The approval job's steps in order, as the runner runs them, for #7 at HEAD with `reviews` and its golive comment `body`. */
async function refresh(reviews: readonly unknown[], body: string, stepEnv: Readonly<Record<string, string>> = {}): Promise<Published> {
  const ws = reviewWorkspace("golive-approval-");
  const out: Published = { statuses: [], added: [], removed: [], gate: "" };
  const { github: api } = approvalsApi({
    pull: pull(HEAD, { labels: ["golive:risk"] }),
    reviews,
    activity: PUSHES,
    permissions: { bob: "write", mallory: "write" },
  });
  const bot = { login: "github-actions[bot]", type: "Bot" };
  const github = {
    ...api,
    paginate: async (method: string, params: Record<string, unknown>) =>
      method === "pulls.list"
        ? [pull(HEAD, { labels: ["golive:risk"] })]
        : method === "listComments"
          ? [{ user: bot, body }]
          : api.paginate(method, params),
    rest: {
      ...api.rest,
      pulls: { ...api.rest.pulls, list: "pulls.list" },
      issues: {
        listComments: "listComments",
        addLabels: async (a: { labels: string[] }) => void out.added.push(...a.labels),
        removeLabel: async (a: { name: string }) => void out.removed.push(a.name),
      },
      repos: { ...api.rest.repos, createCommitStatus: async (s: Published["statuses"][number]) => void out.statuses.push(s) },
    },
  };
  const outputs: Record<string, string> = {};
  const run = {
    event: "pull_request_review",
    path: ".github/workflows/pr-approval.yml",
    head_branch: BRANCH,
    head_sha: HEAD,
    head_repository: { full_name: REPOSITORY, owner: { login: "example-org" } },
    pull_requests: [{ number: 7, head: { ref: BRANCH, sha: HEAD }, base: { ref: "main", repo: { id: 1, name: "opsbot" } } }],
  };
  const context = {
    repo: { owner: "example-org", repo: "opsbot" },
    payload: { workflow_run: run, repository: { id: 1, full_name: REPOSITORY, default_branch: "main" } },
  };
  const core = {
    setOutput: (k: string, v: string) => void (outputs[k] = v),
    notice: () => undefined,
    warning: () => undefined,
    setFailed: () => undefined,
  };
  await runGithubScript(scriptOf("the open pull request of the branch"), { github, context, core, env: { GITHUB_WORKSPACE: ws.root } });
  const approvals = jobsOf(workflow("pr-review.yml"))
    .flatMap(([name, j]) => (name === "approval" ? stepsIn(j) : []))
    .find((s) => s.name === "approvals of the pull request (API)");
  await runGithubScript(String(isRecord(approvals?.with) ? approvals.with.script : ""), {
    github,
    context,
    core,
    env: { PR_NUMBER: outputs.number ?? "", APPROVALS_FILE: join(ws.root, "review", "approvals.json") },
  });
  const env = { PR_HEAD: outputs.head ?? "", PR_LABELS: outputs.labels ?? "[]", ...stepEnv };
  const verify = await verifyStep(readFileSync(join(ws.root, "review", "comments.json"), "utf8") + env.PR_HEAD, ws.root, () =>
    ws.run(scriptOf("the signed review of the head"), { ...env, PLAN_REVIEW_HMAC_KEY: KEY }),
  );
  const gate = await ws.run(scriptOf("risk gate (the signed flags"), env);
  expect([verify.status, gate.status, gate.stderr]).toEqual([0, 0, ""]);
  out.gate = gate.stdout;
  // the publish step runs only when the gate wrote a verdict (its `if:` hashFiles('review/verdict.json'))
  if (existsSync(join(ws.root, "review", "verdict.json")))
    await runGithubScript(scriptOf("set golive/plan-review and the display label"), {
      github,
      context,
      core,
      env: { GITHUB_WORKSPACE: ws.root, PR_NUMBER: outputs.number ?? "", PR_HEAD: env.PR_HEAD, RUN_URL },
    });
  return out;
}

describe("pr-approval.yml does nothing but complete, so that pr-review.yml recomputes the status", () => {
  test("it runs on a submitted or dismissed review, grants no permission, runs no action and no code, reads no secret or event text", () => {
    const doc = workflow("pr-approval.yml");
    expect(doc.on).toEqual({ pull_request_review: { types: ["submitted", "dismissed"] } });
    expect(doc.permissions).toEqual({});
    const all = jobsOf(doc);
    expect(all.map(([, j]) => j.permissions)).toEqual([{}]);
    const steps = all.flatMap(([, j]) => stepsIn(j));
    expect(steps.map((s) => [s.uses, s.env, String(s.run).startsWith("echo ")])).toEqual([[undefined, undefined, true]]);
    expect(readFileSync(join(__dirname, "..", "..", ".github", "workflows", "pr-approval.yml"), "utf8")).not.toMatch(/\$\{\{|secrets\./);
    expect(workflow("pr-review.yml").on).toMatchObject({ workflow_run: { workflows: expect.arrayContaining([doc.name]) } });
  });

  test("pr.yml no longer runs on label changes: a label accepts nothing", () => {
    const on = workflow("pr.yml").on;
    expect(isRecord(on) && isRecord(on.pull_request) ? on.pull_request.types : undefined).toEqual(["opened", "synchronize", "reopened"]);
  });
});

describe("pr-review.yml's approval job, run: golive/plan-review of the head from its signed flags and the approvals now", () => {
  test("bob (write access, never pushed) approves the head: success on the head commit naming him, and the display label", async () => {
    // review-signature.ts verify and risk-gate.ts --labels as processes here, as the runner runs them
    const out = await refresh([review(50, "bob", "APPROVED", HEAD, "2031-01-01T10:00:00Z")], comment(COMPLETE), REAL_NODE);
    expect(out.statuses).toEqual([
      {
        owner: "example-org",
        repo: "opsbot",
        sha: HEAD,
        state: "success",
        context: "golive/plan-review",
        target_url: RUN_URL,
        description: "reviewed at 0123456789ab; 2 risk flag(s) accepted by bob (approval)",
      },
    ]);
    expect([out.added, out.removed]).toEqual([["golive:risks-accepted"], []]);
  });

  test("fails when the approver pushed to the branch; a comment signed for another commit changes nothing", async () => {
    const mallory = await refresh([review(51, "mallory", "APPROVED", HEAD, "2031-01-01T10:00:00Z")], comment(COMPLETE));
    expect(mallory.statuses.map((s) => [s.state, s.description])).toEqual([
      ["failure", "2 risk flag(s) of 0123456789ab not accepted: mallory: pushed to feature"],
    ]);
    const stale = await refresh([review(50, "bob", "APPROVED", HEAD, "2031-01-01T10:00:00Z")], comment(COMPLETE, "e".repeat(40)));
    expect([stale.statuses, stale.added]).toEqual([[], []]);
    expect(stale.gate).toBe(
      `golive/plan-review of ${HEAD}: left as the review set it (no signed review of it yet, an incomplete one, or no flag)\n`,
    );
  });

  test("fails when the comment was edited after it was signed (the audit's case: the body says no flags, the signed lines kept): bob's approval accepts nothing", async () => {
    const signed = comment(COMPLETE);
    const edited = `${COMMENT_MARKER}\n## golive plan review\n\nNo changes. No risk flags.\n\n${signed.slice(signed.indexOf("<!-- golive:plan-digest "))}`;
    const out = await refresh([review(50, "bob", "APPROVED", HEAD, "2031-01-01T10:00:00Z")], edited);
    expect([out.statuses, out.added]).toEqual([[], []]);
    expect(out.gate).toBe(
      `golive/plan-review of ${HEAD}: left as the review set it (no signed review of it yet, an incomplete one, or no flag)\n`,
    );
  });

  test("an incomplete review or one without flags keeps the status its review set: an approval fixes no failed step", () => {
    const bob = parseApprovals(
      JSON.stringify({
        repository: REPOSITORY,
        pull: pull(HEAD),
        reviews: [review(50, "bob", "APPROVED", HEAD, "2031-01-01T10:00:00Z")],
        activity: PUSHES,
        permissions: { bob: "write" },
      }),
    );
    expect(refreshVerdict(HEAD, COMPLETE, bob, [])).toMatchObject({ state: "success" });
    expect(refreshVerdict(HEAD, flagsRecordOf(REPORT, ["secret scan"]), bob, [])).toBeUndefined();
    expect(refreshVerdict(HEAD, { ...COMPLETE, count: 0, stacks: {} }, bob, [])).toBeUndefined();
    expect(refreshVerdict(HEAD, undefined, bob, [])).toBeUndefined();
  });
});
